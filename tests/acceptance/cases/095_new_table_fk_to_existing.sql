-- label: safe
-- why: FK from a new empty table: the parent gets only a brief SHARE ROW EXCLUSIVE, nothing to scan
-- V90__create_user_devices.sql
CREATE TABLE user_devices (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform     text NOT NULL,
    push_token   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz
);
CREATE INDEX user_devices_user_id_idx ON user_devices (user_id);
ALTER TABLE user_devices ADD CONSTRAINT user_devices_platform_check
    CHECK (platform IN ('ios', 'android', 'web'));
