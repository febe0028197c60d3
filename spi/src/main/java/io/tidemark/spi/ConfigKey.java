package io.tidemark.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One config key a backend accepts, as JDBC's {@code DriverPropertyInfo} describes a driver property: its name,
 * the kind of value, the default, whether it is required, whether it is a secret (masked in every message and
 * never logged), whether it names the store (two configs of one driver with equal identity keys open the same
 * store) and a one-line description for help texts.
 *
 * <p>{@link BackendProvider#keys()} lists them; discovery rejects keys not listed (with a did-you-mean), requires
 * the required ones, and masks the secret ones. Build with the factories and the {@code with*} methods:
 * <pre>{@code
 * ConfigKey.text("table", "DynamoDB table name").withDefault("watermark").withIdentity().forWatermarkOnly()
 * }</pre>
 *
 * @param name the key as written in config files, for example {@code base_dir}
 * @param type what the value must be
 * @param defaultValue the value used when the key is unset, as text; empty if none (or computed)
 * @param required whether the key must be set
 * @param secret whether the value is a credential
 * @param identity whether the key is part of what names the store
 * @param contracts the stores the key applies to (a DynamoDB publisher and watermark store take different keys)
 * @param description one line for help texts
 */
public record ConfigKey(
        String name,
        Type type,
        Optional<String> defaultValue,
        boolean required,
        boolean secret,
        boolean identity,
        Set<Contract> contracts,
        String description) {
    private static final Set<Contract> BOTH = Set.of(Contract.PUBLISHER, Contract.WATERMARK);
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9_]{0,63}");

    /** What a key's value must be. */
    public enum Type {
        /** Free text. */
        TEXT,
        /** A file system path; relative paths resolve against the config file's directory. */
        PATH,
        /** A whole number. */
        WHOLE_NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN
    }

    /** The two contracts a backend opens stores for. */
    public enum Contract {
        /** {@link io.tidemark.publisher.Publisher}. */
        PUBLISHER,
        /** {@link io.tidemark.watermark.WatermarkStore}. */
        WATERMARK
    }

    /**
     * @throws IllegalArgumentException if the name is not letters, digits and {@code _} starting with a lower-case
     *     letter, at most 64 chars ({@code base_dir}, or the nameservice guide's {@code dynamodbTable}), the
     *     description is blank, or a required key has a default
     */
    public ConfigKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        contracts = Set.copyOf(contracts);
        if (contracts.isEmpty()) {
            throw new IllegalArgumentException("config key " + name + " applies to no contract");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("config key name must match " + NAME + ", got " + name);
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("config key " + name + " needs a description");
        }
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("config key " + name + " is required and has a default");
        }
    }

    /** An optional text key with no default. */
    public static ConfigKey text(String name, String description) {
        return new ConfigKey(name, Type.TEXT, Optional.empty(), false, false, false, BOTH, description);
    }

    /** An optional path key with no default. */
    public static ConfigKey path(String name, String description) {
        return new ConfigKey(name, Type.PATH, Optional.empty(), false, false, false, BOTH, description);
    }

    /** An optional whole-number key with no default. */
    public static ConfigKey wholeNumber(String name, String description) {
        return new ConfigKey(name, Type.WHOLE_NUMBER, Optional.empty(), false, false, false, BOTH, description);
    }

    /** An optional boolean key with no default. */
    public static ConfigKey bool(String name, String description) {
        return new ConfigKey(name, Type.BOOLEAN, Optional.empty(), false, false, false, BOTH, description);
    }

    /** The same key with a default value. */
    public ConfigKey withDefault(Object value) {
        return new ConfigKey(
                name, type, Optional.of(value.toString()), required, secret, identity, contracts, description);
    }

    /** The same key, required. */
    public ConfigKey withRequired() {
        return new ConfigKey(name, type, defaultValue, true, secret, identity, contracts, description);
    }

    /** The same key, marked as a secret. */
    public ConfigKey withSecret() {
        return new ConfigKey(name, type, defaultValue, required, true, identity, contracts, description);
    }

    /** The same key, accepted only by publishers. */
    public ConfigKey forPublisherOnly() {
        return new ConfigKey(
                name, type, defaultValue, required, secret, identity, Set.of(Contract.PUBLISHER), description);
    }

    /** The same key, accepted only by watermark stores. */
    public ConfigKey forWatermarkOnly() {
        return new ConfigKey(
                name, type, defaultValue, required, secret, identity, Set.of(Contract.WATERMARK), description);
    }

    /** Whether the key applies to {@code contract}. */
    public boolean appliesTo(Contract contract) {
        return contracts.contains(contract);
    }

    /** The same key, marked as part of the store's identity. */
    public ConfigKey withIdentity() {
        return new ConfigKey(name, type, defaultValue, required, secret, true, contracts, description);
    }
}
