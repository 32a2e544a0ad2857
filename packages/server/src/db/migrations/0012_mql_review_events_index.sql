-- MQL reviews (accepted, rejected with a reason) are a few events among millions of page views.
-- The mql-reviews report looked for them through the per-person index of every monthly partition
-- (0.6 s at 100,000 people, 2 million events); a partial index holds only them, so it costs
-- nothing when a page view or a form is stored.
CREATE INDEX events_mql_reviews ON events (occurred_at) WHERE type IN ('mql_accepted', 'mql_rejected');
