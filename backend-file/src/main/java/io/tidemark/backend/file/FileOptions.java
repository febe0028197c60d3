package io.tidemark.backend.file;

/**
 * How a file store is opened.
 *
 * @param fsync sync every write and its directory entry before returning (false: tests only)
 * @param create create {@code base_dir} and the store's directories if missing; false: a missing store fails
 * @param allowLoosePermissions only warn (instead of refusing to open) when a store directory is not owned by this
 *     process's user or is writable by its group or others
 * @param disk where file contents go: {@link RealDisk}, or a simulated disk in tests
 */
record FileOptions(boolean fsync, boolean create, boolean allowLoosePermissions, Disk disk) {
    static FileOptions defaults(boolean fsync) {
        return new FileOptions(fsync, true, false, RealDisk.INSTANCE);
    }
}
