package io.tidemark.config;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code ${env:NAME}} (an environment variable) and {@code ${sys:NAME}} (a system property) in config values. A
 * variable's value may itself refer to variables; a value that refers to itself, directly or through others, is an
 * error, as is a reference to a variable that is not set or of another kind. Values are never shown in errors, only
 * the references they hold.
 */
final class Interpolation {
    private Interpolation() {}

    /** A value that refers to itself, or is not set: unwinds the resolution to the key's message. */
    private static final class Unresolved extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean loop;
        /** The reference as written in the key's value ({@code ${env:X}}); set on the way out, outermost last. */
        String reference;

        Unresolved(boolean loop) {
            super(null, null, false, false);
            this.loop = loop;
        }
    }

    /**
     * {@code v} with its variables resolved; {@code v} itself unless it is a string containing {@code ${}.
     *
     * @param under where the key is ({@code watermark.config}; empty at the top level), for messages
     * @param key the key, for messages; its value is hidden if it names a secret
     */
    static Object resolve(Path file, String under, String key, Object v) {
        if (!(v instanceof String s) || !s.contains("${")) {
            return v;
        }
        try {
            return resolve(s, new HashSet<>());
        } catch (Unresolved e) {
            // The value itself is never shown (a backend may declare any key secret, and discovery has not seen it
            // yet): only the reference that failed, which names a variable, not its contents.
            String shown = BackendConfig.isSecret(key) || e.reference == null ? "a variable" : Names.quote(e.reference);
            throw new InvalidConfigException(file + ": " + ConfigFiles.key(under, key) + " refers to " + shown
                    + (e.loop
                            ? " whose value refers to itself (directly or through other variables)"
                            : " which is not set (only ${env:NAME} and ${sys:NAME} are understood)"));
        }
    }

    private static String resolve(String s, Set<String> resolving) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int start = s.indexOf("${", at);
            if (start < 0) {
                return out.append(s, at, s.length()).toString();
            }
            int end = s.indexOf('}', start + 2);
            if (end < 0) {
                throw new Unresolved(false);
            }
            String variable = s.substring(start + 2, end);
            try {
                out.append(s, at, start).append(lookup(variable, resolving));
            } catch (Unresolved u) {
                u.reference = s.substring(start, end + 1);
                throw u;
            }
            at = end + 1;
        }
    }

    private static String lookup(String variable, Set<String> resolving) {
        String name = variable.length() > 4 ? variable.substring(4) : "";
        String value = name.isEmpty()
                ? null
                : variable.startsWith("env:")
                        ? System.getenv(name)
                        : variable.startsWith("sys:") ? System.getProperty(name) : null;
        if (value == null) {
            throw new Unresolved(false);
        }
        if (!value.contains("${")) {
            return value;
        }
        if (!resolving.add(variable)) {
            throw new Unresolved(true);
        }
        String resolved = resolve(value, resolving);
        resolving.remove(variable);
        return resolved;
    }
}
