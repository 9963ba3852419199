package io.pbxbridge.connector.yeastar.report;

/** Yeastar sends integers as strings ("3") or numbers (3) depending on firmware. */
final class Numbers {
    private Numbers() {
    }

    /**
     * The first non-blank of the given spellings as an int, marking the field mapped; null when absent.
     * When the text is not an integer the field is left unmapped, so it lands in the attributes as sent.
     */
    static Integer intOrNull(ReportContext ctx, String... keys) {
        for (String key : keys) {
            String text = ctx.root.nonBlank(key);
            if (text == null) {
                ctx.use(key);
                continue;
            }
            try {
                Integer value = Integer.valueOf(text.trim());
                ctx.use(keys);
                return value;
            } catch (NumberFormatException e) {
                try {
                    // "3.0" from a firmware that serialises floats: accept whole numbers only.
                    double d = Double.parseDouble(text.trim());
                    if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                        ctx.use(keys);
                        return (int) d;
                    }
                } catch (NumberFormatException ignored) {
                    // fall through: kept as an attribute
                }
                return null;
            }
        }
        return null;
    }
}
