"""The records an import looks at (`ImportsRepository.known_keys`): the prospects, then the contacts, that share
an e-mail, a phone (theirs or their mobile), a name or a source key with the file, with their stored keys;
never one that shares none."""

from __future__ import annotations

import pyarrow as pa

from prospects.domain import Contact, Prospect
from prospects.domain.identity import keys_of_record
from prospects.store import Store


def test_the_records_sharing_a_key_with_the_file_and_no_other(store: Store, user_id: int) -> None:
    made = {name: store.prospects.create(prospect, user_id).id for name, prospect in {
        "by_email": Prospect(last_name="Roux", email="ana@roux.fr"),
        "by_phone": Prospect(last_name="Petit", phone="+33145000001"),
        "by_mobile": Prospect(last_name="Blanc", phone="+33145000002", mobile="+33612000003"),
        "by_name": Prospect(first_name="Jean", last_name="Dupont", company="Dupont SAS"),
        "by_source": Prospect(last_name="Vidal", external_ref="CRM-7"),
        "none": Prospect(first_name="Eve", last_name="Noir", email="eve@noir.fr", phone="+33145000009",
                         company="Noir", external_ref="CRM-9"),
    }.items()}
    contact = store.contacts.create(Contact(last_name="Gris", mobile="+33612000004"), user_id)
    store.contacts.create(Contact(last_name="Blanc", email="other@x.fr"), user_id)
    emails = ["ana@roux.fr", None, "nobody@x.fr"]
    phones = ["+33145000001", "+33612000003", "+33612000004", "+33699999999"]
    names = [keys_of_record(Prospect(first_name="jean", last_name="DUPONT", company="Dupont")).name, None]
    for given in ((emails, phones, names), tuple(pa.array(keys, pa.string()) for keys in (emails, phones, names))):
        for sources, by_source in (({"ref:crm-7"}, [made["by_source"]]), (set(), [])):
            found = store.imports.known_keys(*given, sources)
            expected = sorted([made["by_email"], made["by_phone"], made["by_mobile"], made["by_name"], *by_source])
            assert [(kind, record_id) for kind, record_id, _ in found] == \
                [("prospect", i) for i in expected] + [("contact", contact.id)]
            stored = {record_id: keys for kind, record_id, keys in found if kind == "prospect"}
            assert stored[made["by_mobile"]].phones == ("+33145000002", "+33612000003")
