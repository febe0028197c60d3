package io.tidemark.backend.file;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a key (several exact strings) into a file name that is safe on every file system: a readable prefix
 * of lower-case {@code [a-z0-9._-]} (other characters become {@code _}, at most 48 chars, never starting with a
 * dot or dash) plus 128 bits of the SHA-256 of the exact key parts. No input can contain a separator, be {@code .} or
 * {@code ..}, be a device name such as {@code CON}, exceed a name's length limit, or collide with another key on
 * a case-insensitive file system. The exact key is stored inside the file, so nothing needs decoding from the
 * name; a file whose key does not hash to its name is reported as corrupted.
 */
final class FileNames {
    static final String DATA = ".json";
    static final String LOCK = ".lock";
    static final String TEMP = ".tmp";

    private FileNames() {}

    static String of(String... parts) {
        StringBuilder readable = new StringBuilder();
        for (String p : parts) {
            if (readable.length() > 0) {
                readable.append('~');
            }
            for (int i = 0; i < p.length(); i++) {
                char c = Character.toLowerCase(p.charAt(i));
                readable.append(
                        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ? c : '_');
            }
        }
        readable.setLength(Math.min(readable.length(), 48));
        if (readable.length() == 0 || readable.charAt(0) == '.' || readable.charAt(0) == '-') {
            readable.insert(0, '_');
        }
        return readable + "-" + hash(parts);
    }

    private static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(b);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
