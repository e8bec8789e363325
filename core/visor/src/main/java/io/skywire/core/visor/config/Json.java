package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The package's Jackson setup and a JSON printer that writes exactly what Go's {@code encoding/json} writes
 * ({@code json.MarshalIndent}: {@code "key": value}, {@code []} and {@code {}} for empty containers, {@code <>&}
 * escaped as {@code \u003c} etc., no trailing newline).
 */
final class Json {
    /** 66 zeros: how Go writes a null {@code cipher.PubKey}. */
    static final String NULL_PK_HEX = "0".repeat(66);
    /** 64 zeros: how Go writes a null {@code cipher.SecKey}. */
    static final String NULL_SK_HEX = "0".repeat(64);

    static final ObjectMapper MAPPER = createMapper();

    private Json() {
    }

    /**
     * Reads a JSON file of the given kind with one-line errors.
     *
     * @param file the file
     * @param what e.g. "services config file", used in messages
     * @return its bytes
     * @throws ConfigException if missing or unreadable
     */
    static byte[] readFile(java.nio.file.Path file, String what) throws ConfigException {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(what + " " + file + " not found");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + " " + file + ": " + VisorConfig.reason(e));
        }
    }

    /**
     * @param json the bytes
     * @param source what to call them in messages
     * @return the parsed tree (null for empty input)
     * @throws ConfigException if it is not valid JSON
     */
    static JsonNode readTree(byte[] json, String source) throws ConfigException {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + " is not valid JSON: " + describe(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper createMapper() {
        SimpleModule m = new SimpleModule("skywire-visor-config");
        m.addSerializer(PubKey.class, new JsonSerializer<>() {
            @Override
            public void serialize(PubKey v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(pkHex(v));
            }
        });
        m.addDeserializer(PubKey.class, new JsonDeserializer<>() {
            @Override
            public PubKey deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String s = textOf(p, ctxt, PubKey.class);
                try {
                    return PubKey.parseText(s.trim());
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, oneLine(e.getMessage()), s, PubKey.class);
                }
            }

            @Override
            public PubKey getNullValue(DeserializationContext ctxt) {
                return PubKey.NULL; // Go: a JSON null leaves the zero (null) key
            }
        });
        m.addSerializer(SecKey.class, new JsonSerializer<>() {
            @Override
            public void serialize(SecKey v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v == null ? NULL_SK_HEX : v.hex());
            }
        });
        m.addDeserializer(SecKey.class, new JsonDeserializer<>() {
            @Override
            public SecKey deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String s = textOf(p, ctxt, SecKey.class).trim();
                if (s.isEmpty() || s.chars().allMatch(c -> c == '0')) {
                    return null; // Go's null key: "no key"
                }
                try {
                    return SecKey.fromHex(s);
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, oneLine(e.getMessage()), "(hidden)", SecKey.class);
                }
            }
        });
        m.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(GoDuration.format(v));
            }
        });
        m.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    return Duration.ofNanos((long) p.getDoubleValue()); // Go accepts a number of nanoseconds
                }
                String s = textOf(p, ctxt, Duration.class);
                try {
                    return GoDuration.parse(s);
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, oneLine(e.getMessage())
                            + "; expected a duration such as \"10s\", \"1m30s\" or \"168h0m0s\"", s, Duration.class);
                }
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES) // Go's encoding/json matches keys so
                .disable(MapperFeature.AUTO_DETECT_GETTERS)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .disable(MapperFeature.AUTO_DETECT_SETTERS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .addModule(m)
                .build();
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.SETTER, JsonAutoDetect.Visibility.NONE);
        // Go leaves a non-pointer field unchanged when the JSON value is null: keep our default instead of null.
        for (Class<?> c : List.of(String.class, Integer.TYPE, Long.TYPE, Boolean.TYPE, Duration.class)) {
            mapper.configOverride(c).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP));
        }
        // A null inside an array (["a", null]) is dropped rather than kept as a null element.
        mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.SKIP));
        return mapper;
    }

    private static String textOf(JsonParser p, DeserializationContext ctxt, Class<?> type) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
        return p.getText();
    }

    static String pkHex(PubKey pk) {
        return pk == null || pk.isNull() ? NULL_PK_HEX : pk.hex();
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /**
     * Describes a Jackson failure in one line: {@code line L, column C: field "a.b[2]": what is wrong}.
     */
    static String describe(JsonProcessingException e) {
        StringBuilder sb = new StringBuilder();
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            sb.append("line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr()).append(": ");
        }
        String path = e instanceof JsonMappingException jm ? path(jm.getPath()) : "";
        if (!path.isEmpty()) {
            sb.append("field \"").append(path).append("\": ");
        }
        if (e instanceof InvalidFormatException ife && (ife.getTargetType() == PubKey.class
                || ife.getTargetType() == SecKey.class || ife.getTargetType() == Duration.class)) {
            sb.append(oneLine(e.getOriginalMessage())); // our own deserializers' messages
        } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            String msg = oneLine(e.getOriginalMessage());
            if (msg.startsWith("No content to map")) {
                sb.append("no JSON content (empty file?)");
            } else {
                sb.append("expected ").append(expected(mi.getTargetType()));
            }
        } else {
            sb.append(oneLine(e.getOriginalMessage()));
        }
        return sb.toString();
    }

    private static String expected(Class<?> t) {
        if (t == String.class || t == PubKey.class || t == SecKey.class || t == Duration.class) {
            return "a string";
        }
        if (t == Integer.TYPE || t == Integer.class || t == Long.TYPE || t == Long.class) {
            return "an integer";
        }
        if (t == Boolean.TYPE || t == Boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "an array";
        }
        return "an object";
    }

    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    // ---- Go-compatible printing ----

    /**
     * Prints {@code node} as Go's {@code json.MarshalIndent(v, "", indent)} does, or as {@code json.Marshal} does
     * when {@code indent} is null.
     */
    static String print(JsonNode node, String indent) {
        StringBuilder sb = new StringBuilder(8192);
        write(sb, node, indent, 0);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, String indent, int depth) {
        if (indent != null) {
            sb.append('\n');
            sb.append(indent.repeat(depth));
        }
    }

    private static void write(StringBuilder sb, JsonNode n, String indent, int depth) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            sb.append("null");
        } else if (n.isObject()) {
            if (n.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(sb, indent, depth + 1);
                quote(sb, e.getKey());
                sb.append(indent == null ? ":" : ": ");
                write(sb, e.getValue(), indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(sb, indent, depth + 1);
                write(sb, n.get(i), indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append(']');
        } else if (n.isTextual()) {
            quote(sb, n.textValue());
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue());
        } else if (n.isNumber()) {
            sb.append(n.isIntegralNumber() ? n.bigIntegerValue().toString() : goFloat(n.doubleValue()));
        } else {
            quote(sb, n.asText());
        }
    }

    private static String goFloat(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        return Double.toString(d).replace("E", "e");
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Go's string encoding (encoding/json encodeState.string with HTML escaping on). */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                        if (c >= 0x100) { // U+2028 / U+2029
                            sb.setLength(sb.length() - 6);
                            sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                    .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
