package io.tidemark.backend.jdbc;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between the JDBC driver and PostgreSQL that reads the wire protocol (v3) both ways. It counts
 * round trips (each {@code Sync} or simple {@code Query} that executes a non-empty statement: the pool's empty
 * validation queries are left out), and on {@link #loseNextReply()} lets the next statement run and commit on the
 * server, then withholds its reply from {@code CommandComplete} on and closes the connection once the server said
 * {@code ReadyForQuery} (which it sends only after the commit): the client sees a dropped connection after the write
 * was applied. The client must not ask for SSL ({@code sslmode=disable}).
 */
final class PgProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();

    PgProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, "pg-proxy-" + port());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return EmbeddedPg.url(port());
    }

    /** The next statement to complete through this proxy is applied and its reply lost. */
    void loseNextReply() {
        armed.set(true);
    }

    /** Round trips that executed a non-empty statement so far. */
    int roundTrips() {
        return roundTrips.get();
    }

    /** Replies lost so far. */
    int faults() {
        return faults.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                start("pg-proxy-up", () -> clientToServer(client, server));
                start("pg-proxy-down", () -> serverToClient(server, client));
            } catch (IOException e) {
                // listener closed, or the server is down: the client sees its connection closed
            }
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Forwards the client's messages, counting the round trips that execute a statement. */
    private void clientToServer(Socket client, Socket server) {
        try (DataInputStream in = new DataInputStream(client.getInputStream())) {
            OutputStream out = server.getOutputStream();
            int len = in.readInt(); // the startup message has no type byte
            byte[] startup = new byte[len - 4];
            in.readFully(startup);
            out.write(intBytes(len));
            out.write(startup);
            out.flush();
            Map<String, String> statements = new HashMap<>(); // prepared statement name -> text
            Map<String, String> portals = new HashMap<>(); // portal name -> statement name
            boolean executes = false;
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int n = in.readInt();
                byte[] body = new byte[n - 4];
                in.readFully(body);
                switch (type) {
                    case 'P' -> {
                        String[] s = cstrings(body, 2);
                        statements.put(s[0], s[1]);
                    }
                    case 'B' -> {
                        String[] s = cstrings(body, 2);
                        portals.put(s[0], s[1]);
                    }
                    case 'E' -> {
                        String portal = cstrings(body, 1)[0];
                        String text = statements.getOrDefault(portals.getOrDefault(portal, ""), "");
                        executes |= !text.isBlank();
                    }
                    case 'S' -> {
                        if (executes) {
                            roundTrips.incrementAndGet();
                        }
                        executes = false;
                    }
                    case 'Q' -> {
                        if (!cstrings(body, 1)[0].isBlank()) {
                            roundTrips.incrementAndGet();
                        }
                    }
                    default -> {
                        // Describe, Close, Flush, Terminate...: forwarded as they are
                    }
                }
                out.write(type);
                out.write(intBytes(n));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeBoth(client, server);
        }
    }

    /** Forwards the server's messages; when armed, loses the reply of the next completed statement. */
    private void serverToClient(Socket server, Socket client) {
        try (DataInputStream in = new DataInputStream(server.getInputStream())) {
            OutputStream out = client.getOutputStream();
            boolean dropping = false;
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int n = in.readInt();
                byte[] body = new byte[n - 4];
                in.readFully(body);
                if (type == 'C' && !dropping && armed.compareAndSet(true, false)) {
                    dropping = true;
                }
                if (dropping) {
                    if (type == 'Z') { // the server has committed and is ready: the reply is lost
                        faults.incrementAndGet();
                        break;
                    }
                    continue;
                }
                out.write(type);
                out.write(intBytes(n));
                out.write(body);
                out.flush();
            }
        } catch (EOFException e) {
            // the server closed mid-message
        } catch (IOException e) {
            // either side closed
        } finally {
            closeBoth(server, client);
        }
    }

    /** The first {@code count} NUL-terminated strings of a message body. */
    private static String[] cstrings(byte[] body, int count) {
        String[] out = new String[count];
        int from = 0;
        for (int i = 0; i < count; i++) {
            int end = from;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            out[i] = new String(body, from, end - from, StandardCharsets.UTF_8);
            from = end + 1;
        }
        return out;
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
