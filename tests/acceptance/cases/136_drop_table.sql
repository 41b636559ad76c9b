-- label: unsafe
-- why: DROP TABLE of an existing table loses its data
-- replaced by the notifications service
DROP TABLE IF EXISTS messages;
