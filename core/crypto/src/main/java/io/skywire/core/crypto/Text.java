package io.skywire.core.crypto;

/** Quoting of untrusted input for one-line error messages. */
final class Text {
    private static final int MAX_SHOWN = 140;

    private Text() {
    }

    /** The input in double quotes, control characters escaped, cut after 140 characters. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_SHOWN) + 24).append('"');
        int shown = Math.min(s.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (shown < s.length()) {
            b.append("…");
        }
        b.append('"');
        if (shown < s.length()) {
            b.append(" (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    /** Bytes as hex for a message, cut after 70 bytes. */
    static String hexBrief(byte[] b) {
        if (b.length <= 70) {
            return Hex.encode(b);
        }
        return Hex.encode(java.util.Arrays.copyOf(b, 70)) + "…";
    }

    /** A character for a message: printable as itself in quotes, else its code point. */
    static String describeChar(char c) {
        String code = String.format("U+%04X", (int) c);
        return Character.isISOControl(c) || Character.isWhitespace(c) ? code : "'" + c + "' (" + code + ")";
    }
}
