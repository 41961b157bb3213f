package org.maskrecommender.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.maskrecommender.core.data.SourceContent;

/**
 * A {@link BlobStore} in a local directory: keys are relative file paths under the root. Every
 * write goes to a temp file in the target's directory first, so a reader (another process serving
 * the model) sees either the old file or the complete new one, never a partial one.
 */
public final class LocalBlobStore implements BlobStore {

    /**
     * {@link FileChannel#lock()} excludes other processes only: one JVM may hold a given file lock
     * once, and a second attempt throws instead of waiting. Threads of this JVM therefore queue here
     * first, on a lock chosen by the target path (shared by every instance over the same directory).
     */
    private static final ReentrantLock[] THREAD_LOCKS = new ReentrantLock[64];

    static {
        for (int i = 0; i < THREAD_LOCKS.length; i++) {
            THREAD_LOCKS[i] = new ReentrantLock();
        }
    }

    private final Path root;

    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path file = resolve(key);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void put(String key, byte[] content) {
        Path target = resolve(key);
        Path temp = writeTemp(target, content);
        try {
            // rename(2) within one directory: atomic, and it replaces the target in one step
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        Path target = resolve(key);
        if (Files.exists(target)) {
            return false;
        }
        Path temp = writeTemp(target, content);
        try {
            // link(2) fails when the target exists, so of two concurrent writers exactly one wins, and
            // the winner's file appears complete (a move without REPLACE_EXISTING checks, then renames)
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot create " + target + " atomically (hard link from " + temp
                    + "); the model store needs a file system with hard links", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The tag is the hex sha256 of the bytes. A counter kept next to the file would have to be
     * bumped by every writer, a plain {@link #put} and other tools included, or it would vouch for a
     * file that was replaced behind its back; a checksum cannot go stale, needs no extra file to
     * read, and names the state as exactly as S3's content-derived ETag does (equal bytes, equal tag,
     * which is harmless for a compare-and-swap: the caller's view of the content is then correct).
     */
    @Override
    public Optional<Versioned> getVersioned(String key) {
        // files are only ever replaced by rename, so one read sees one complete version
        return get(key).map(content -> new Versioned(content, SourceContent.sha256(content)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Read, compare and write happen while holding an exclusive lock on a sibling file
     * {@code .<name>.lock} (a {@link FileChannel#lock() file lock} against other processes, a
     * {@link ReentrantLock} against other threads of this JVM), and the write is a temp file
     * renamed over the target, so readers, who take no lock, see the old or the new file. The lock
     * file stays: deleting it while another process waits on it would let a third process lock a
     * new file of the same name, and then two writers would each hold "the" lock.
     */
    @Override
    public boolean putIfMatch(String key, byte[] content, String expectedTag) {
        Path target = resolve(key);
        Objects.requireNonNull(content, "content");
        Path lockFile = target.resolveSibling("." + target.getFileName() + ".lock");
        ReentrantLock threadLock = THREAD_LOCKS[Math.floorMod(target.hashCode(), THREAD_LOCKS.length)];
        threadLock.lock();
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (expectedTag == null) {
                    // link(2) also keeps out a concurrent putIfAbsent, which takes no lock
                    return putIfAbsent(key, content);
                }
                Optional<Versioned> current = getVersioned(key);
                if (current.isEmpty() || !current.get().tag().equals(expectedTag)) {
                    return false;
                }
                put(key, content);
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + " to write " + target, e);
        } finally {
            threadLock.unlock();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public String describe(String key) {
        return key.isEmpty() ? root.toString() : resolve(key).toString();
    }

    @Override
    public String toString() {
        return "LocalBlobStore[" + root + "]";
    }

    private Path resolve(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        // keys come from configuration too (pinned versions): keep every key inside the root
        if (key.contains("..") || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("key must be a relative path without '..': " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("key " + key + " resolves outside " + root);
        }
        return path;
    }

    private static Path writeTemp(Path target, byte[] content) {
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            // not Files.createTempFile: its owner-only permissions would carry over to the model file
            temp = Files.createFile(dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp"));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // on disk before it becomes visible under its real name, so a crash cannot publish
                // an empty or truncated file
                channel.force(true);
            }
            return temp;
        } catch (IOException e) {
            if (temp != null) {
                deleteQuietly(temp);
            }
            throw new UncheckedIOException("cannot write a temp file next to " + target, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stray dot-file next to the target is harmless; the caller's outcome matters more
        }
    }
}
