-- The derived columns to compute again, in Python (their rule lives there only), the next time the database
-- is opened (Store.open): a migration cannot call the rule, so it asks here; the rows are computed again and
-- the request deleted in one transaction, so an interrupted opening does it again the next time.
CREATE TABLE derived_to_recompute (what VARCHAR PRIMARY KEY);

-- The searches now fold as the identity rule does (œ as oe, æ as ae, ø as o...): the search text of every
-- prospect and contact written with the former fold is computed again.
INSERT INTO derived_to_recompute VALUES ('search_text');
