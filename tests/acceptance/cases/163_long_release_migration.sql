-- label: unsafe
-- why: mostly expand-only steps, but the non-concurrent CREATE INDEX on existing subscriptions blocks its writes for the build
-- Release 2024.11 schema changes (squashed)
SET lock_timeout = '2s';

ALTER TABLE subscriptions ADD COLUMN cancel_reason text;
ALTER TABLE subscriptions ADD COLUMN cancelled_by_user_id bigint;
ALTER TABLE subscriptions ALTER COLUMN status SET DEFAULT 'active';

COMMENT ON COLUMN subscriptions.cancel_reason IS 'free text from the cancel flow';

CREATE TABLE subscription_pauses (
    id              bigserial PRIMARY KEY,
    subscription_id bigint NOT NULL,
    paused_at       timestamptz NOT NULL,
    resumes_at      timestamptz
);
CREATE INDEX subscription_pauses_subscription_id_idx ON subscription_pauses (subscription_id);

create index
    subscriptions_cancelled_by_user_id_idx
on subscriptions(cancelled_by_user_id);

GRANT SELECT ON subscription_pauses TO reporting;
