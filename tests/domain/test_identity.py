"""The one identity rule: its keys, its decisions, and the key each decision names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prospects.domain import Contact, Prospect
from prospects.domain.identity import (
    IdentityKeys,
    KeyKind,
    company_key,
    decide,
    fold,
    judge,
    keys_of,
    keys_of_many,
    keys_of_record,
    person_key,
    phone_region,
    source_keys,
)


def test_fold_spells_special_letters_in_plain_letters():
    assert fold("Groß") == fold("GROSS") == "gross"
    assert fold("İlker") == fold("ILKER") == "ilker"
    assert fold("Cœur") == fold("COEUR") == "coeur"
    assert fold("Ærø") == "aero"
    assert fold("Jürgen") == "jurgen"


def test_person_key_ignores_word_order_case_and_accents():
    assert person_key("Jérôme", "Dupont") == person_key("jerome", "DUPONT") == person_key("Dupont", "Jérôme")
    assert person_key("Jürgen", "Groß") == person_key("JURGEN", "GROSS")
    assert person_key(None, None) is None


def test_company_key_ignores_case_accents_and_legal_forms():
    assert company_key("Dupont SAS") == company_key("DUPONT") == "dupont"
    assert company_key("Société Générale S.A.R.L.") == company_key("societe generale")
    assert company_key("Straße GmbH") == company_key("STRASSE")
    assert company_key("Acme Ltd.") == company_key("ACME Limited") == company_key("Acme, Inc.") == company_key("acme llc")
    assert company_key("Van Dijk B.V.") == company_key("van dijk")
    assert company_key("Dupont & Fils") == company_key("Dupont et fils")
    assert company_key("SAS") == "sas"  # a name that is only a legal form keeps it


def test_phones_are_read_with_the_records_own_country():
    us = keys_of(phone="(415) 555-0134", country="United States", default_country="FR")
    fr = keys_of(phone="04 15 55 01 34", default_country="FR")
    assert us.phones == ("+14155550134",)
    assert fr.phones == ("+33415550134",)
    assert phone_region("BE") == "BE" and phone_region("Belgique") == "BE" and phone_region(None, "DE") == "DE"


def test_linkedin_profile_urls_in_any_spelling_give_one_source_key():
    a = source_keys("https://www.linkedin.com/in/Jean-Dupont-1a2b3c/")
    b = source_keys("linkedin.com/in/jean-dupont-1a2b3c?trk=x")
    assert a == b == ("linkedin:in/jean-dupont-1a2b3c",)
    assert source_keys("https://acme.example") == ()
    assert source_keys(None, " CRM-0042 ") == ("ref:crm-0042",)


def test_keys_of_many_gives_what_keys_of_record_gives():
    records = [Prospect(first_name="Jürgen", last_name="Groß", company="Straße GmbH", phone="06 12 34 56 78",
                        website="https://linkedin.com/in/jg"),
               Contact(first_name="Jean", last_name="Dupont", company="Dupont SAS", email=" Jean@Dupont.FR")]
    assert keys_of_many(records) == [keys_of_record(r) for r in records]


def test_same_email_is_the_same_person_whatever_the_names():
    a = keys_of(first_name="Jean", last_name="Dupont", email="Jean.Dupont@Acme.fr")
    b = keys_of(first_name="J.", last_name="Dupond", email="jean.dupont@acme.fr ")
    decision = judge(a, b, "b")
    assert (decision.same, decision.kind, decision.key, decision.record) == (True, KeyKind.EMAIL, "jean.dupont@acme.fr", "b")


def test_same_source_is_the_same_person_unless_the_emails_differ():
    a = keys_of(first_name="Jean", last_name="Dupont", website="https://www.linkedin.com/in/jdupont")
    b = keys_of(first_name="Jean", last_name="Dupont", website="linkedin.com/in/jdupont/")
    assert judge(a, b, 1).same and judge(a, b, 1).kind is KeyKind.SOURCE
    c = keys_of(external_ref="B-1001", email="a@show-one.fr")
    d = keys_of(external_ref="B-1001", email="b@show-two.fr")
    assert judge(c, d, 1).same is False  # a badge number reused at another show


def test_shared_phone_with_other_names_is_only_a_possible_duplicate():
    a = keys_of(first_name="Paul", last_name="Martin", mobile="06 12 34 56 78")
    b = keys_of(first_name="Marie", last_name="Durand", mobile="+33 6 12 34 56 78")
    decision = judge(a, b, 1)
    assert (decision.same, decision.kind, decision.key) == (False, KeyKind.PHONE, "+33612345678")
    nameless = keys_of(phone="06 12 34 56 78")
    assert judge(nameless, b, 1).same is True  # nothing contradicts it


def test_same_name_and_company_with_different_emails_are_two_people():
    a = keys_of(first_name="Nicolas", last_name="Martin", company="Orange", email="nicolas.martin@orange.com")
    b = keys_of(first_name="Nicolas", last_name="Martin", company="Orange SA", email="n.martin2@orange.com")
    decision = judge(a, b, 1)
    assert (decision.same, decision.kind) == (False, KeyKind.NAME)
    c = keys_of(first_name="Martin", last_name="NICOLAS", company="ORANGE")
    assert judge(a, c, 1).same is True  # one e-mail missing: nothing contradicts it


def test_jean_dupont_of_dupont_sas_is_dupont_jean_of_dupont():
    a = keys_of(first_name="Jean", last_name="Dupont", company="Dupont SAS")
    b = keys_of(last_name="Dupont Jean", company="DUPONT")
    assert judge(a, b, 1) .same and judge(a, b, 1).kind is KeyKind.NAME


def test_same_name_at_another_company_is_nobody():
    a = keys_of(first_name="Paul", last_name="Martin", company="Acme")
    b = keys_of(first_name="Paul", last_name="Martin", company="Globex")
    assert judge(a, b, 1) is None


def test_decide_prefers_the_first_same_person_over_an_earlier_possible_duplicate():
    lead = keys_of(first_name="Paul", last_name="Martin", company="Acme", mobile="0612345678", email="paul@acme.fr")
    switchboard = keys_of(first_name="Marie", last_name="Durand", mobile="0612345678")
    paul = keys_of(first_name="paul", last_name="martin", company="ACME SAS")
    decision = decide(lead, [("marie", switchboard), ("paul", paul)])
    assert (decision.record, decision.same, decision.kind) == ("paul", True, KeyKind.NAME)
    assert decide(lead, [("marie", switchboard)]).same is False
    assert decide(lead, []) is None


TEXT = st.text(alphabet=st.sampled_from("aAeÉßẞİıœŒæÆ .-'Jjü"), max_size=8)
EMAIL = st.one_of(st.none(), st.sampled_from(["a@x.fr", "b@x.fr", "A@X.FR", "c@y.com"]))
PHONE = st.one_of(st.none(), st.sampled_from(["06 12 34 56 78", "+33612345678", "01 45 00 00 00", "0033145000000"]))
RECORD = st.builds(lambda f, last, c, e, p, m, ref: keys_of(first_name=f, last_name=last, company=c, email=e,
                                                            phone=p, mobile=m, external_ref=ref),
                   TEXT, TEXT, TEXT, EMAIL, PHONE, PHONE, st.one_of(st.none(), st.sampled_from(["r1", "R1", "r2"])))


@given(RECORD, RECORD)
def test_two_records_with_different_emails_are_never_the_same_person(a: IdentityKeys, b: IdentityKeys):
    decision = judge(a, b, 1)
    if a.email and b.email and a.email != b.email:
        assert decision is None or not decision.same


@given(RECORD, RECORD)
def test_the_decision_is_symmetric(a: IdentityKeys, b: IdentityKeys):
    one, other = judge(a, b, 1), judge(b, a, 1)
    assert (one.same if one else None) == (other.same if other else None)


@given(TEXT)
def test_fold_is_idempotent_and_plain(text: str):
    assert fold(fold(text)) == fold(text)
    assert fold(text) == fold(text.upper()) == fold(text.lower())


@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z")), max_size=12)
       | st.sampled_from(["Lefèvre", "Ærø", "Groß", "İlker", "ǅemal", "Ñandú", "Łódź", "a\u034fb", "ḱ\u0483"]))
def test_fold_takes_out_every_combining_mark_and_only_those(text: str):
    """fold's shortcuts (plain ASCII, the Latin accents in one pass) give what the letter-by-letter rule gives."""
    import unicodedata

    from prospects.domain.rules import _LETTERS

    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    assert fold(text) == "".join(c for c in folded if not unicodedata.combining(c))
