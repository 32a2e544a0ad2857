-- Speed to lead looks, for every routed lead, for the first sales touch on the person after the
-- assignment. Through the per-person index of every monthly partition that walks all of the
-- person's events (their page views too) in each month. Sales touches are a few events among
-- millions of page views: a partial index holds only them, so it costs nothing when a page view
-- or a form is stored.
CREATE INDEX events_sales_touches ON events (person_id, occurred_at) WHERE type = 'sales_touch';
