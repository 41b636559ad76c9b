-- Identifiers that need escaping in every format: % , : a newline, quotes, a backslash,
-- HTML, Markdown punctuation and non-ASCII text.
ALTER TABLE "50%,off:é☃😀 <b>&amp; |x| `t` \ ""q"" $a$ *s* _u_ [l](u)" DROP COLUMN "line1
line2";
