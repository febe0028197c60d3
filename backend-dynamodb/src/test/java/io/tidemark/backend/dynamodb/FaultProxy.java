package io.tidemark.backend.dynamodb;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback HTTP/1.1 proxy between the SDK and DynamoDB Local that can lose the reply to one request. Each client
 * connection is served one exchange at a time (the SDK does not pipeline): read one whole request, forward it, read
 * the server's whole reply, pass it back. {@link #arm(Fault)} makes the next request suffer the given fault; later
 * requests pass normally.
 */
final class FaultProxy implements AutoCloseable {
    /** What happens to the next request. */
    enum Fault {
        /** Forward it, let the server apply it, then close the connection without replying. */
        DROP_AFTER_APPLY,
        /** Forward it, let the server apply it, then answer HTTP 500 instead of the server's reply. */
        ERROR_500_AFTER_APPLY,
        /** Close the connection without forwarding it: the server never sees it. */
        DROP_BEFORE_SEND,
        /** Forward it, let the server apply it, then hold the reply until {@link #release()} (the client times out). */
        HOLD_AFTER_APPLY
    }

    private static final byte[] ERROR_BODY = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                    + "\"message\":\"injected by FaultProxy\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final URI target;
    private final ServerSocket server;
    private final AtomicReference<Fault> armed = new AtomicReference<>();
    private volatile Runnable afterApply = () -> {};
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile boolean closed;

    FaultProxy(URI target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread t = new Thread(this::acceptLoop, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next request (on any connection) suffers {@code fault}. */
    void arm(Fault fault) {
        arm(fault, () -> {});
    }

    /**
     * As {@link #arm(Fault)}; for the faults after apply, {@code between} runs after the server applied the request and
     * before the fault reaches the client (another writer acting in that window, directly on the server).
     */
    void arm(Fault fault, Runnable between) {
        afterApply = between;
        armed.set(fault);
    }

    /** Lets a held reply go (it is then dropped: the client gave up on it) and re-arms holding. */
    void release() {
        CountDownLatch l = held;
        held = new CountDownLatch(1);
        l.countDown();
    }

    /** Whether an armed fault is still waiting for its request. */
    boolean isArmed() {
        return armed.get() != null;
    }

    /** Requests received so far (faulted ones included). */
    int requests() {
        return requests.get();
    }

    /** Faults injected so far. */
    int faults() {
        return faults.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        InputStream uin = null;
        try (client) {
            InputStream cin = new BufferedInputStream(client.getInputStream());
            OutputStream cout = client.getOutputStream();
            while (true) {
                byte[] request = readMessage(cin, true);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                Fault fault = armed.getAndSet(null);
                if (fault != null) {
                    faults.incrementAndGet();
                }
                if (fault == Fault.DROP_BEFORE_SEND) {
                    return;
                }
                if (upstream == null) {
                    upstream = new Socket();
                    upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()));
                    open.add(upstream);
                    uin = new BufferedInputStream(upstream.getInputStream());
                }
                upstream.getOutputStream().write(request);
                upstream.getOutputStream().flush();
                byte[] reply = readMessage(uin, false);
                if (reply == null) {
                    return;
                }
                if (fault != null) {
                    afterApply.run();
                }
                if (fault == Fault.HOLD_AFTER_APPLY) {
                    try {
                        held.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                if (fault == Fault.DROP_AFTER_APPLY) {
                    client.setSoLinger(true, 0); // a reset, as a dying load balancer would send
                    return;
                }
                if (fault == Fault.ERROR_500_AFTER_APPLY) {
                    cout.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/x-amz-json-1.0\r\n"
                                    + "Content-Length: " + ERROR_BODY.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    cout.write(ERROR_BODY);
                } else {
                    cout.write(reply);
                }
                cout.flush();
            }
        } catch (IOException e) {
            // the peer went away: nothing to do
        } finally {
            if (upstream != null) {
                open.remove(upstream);
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            open.remove(client);
        }
    }

    /** One whole HTTP/1.1 message (head and body, raw bytes), or null at a clean end of stream before it starts. */
    private static byte[] readMessage(InputStream in, boolean request) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        String head = readHead(in, raw);
        if (head == null) {
            return null;
        }
        long length = -1;
        boolean chunked = false;
        for (String line : head.split("\r\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) {
                length = Long.parseLong(l.substring(15).trim());
            } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                String sizeLine = readLine(in, raw);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                copy(in, raw, size);
                readLine(in, raw);
                if (size == 0) {
                    return raw.toByteArray();
                }
            }
        }
        if (length < 0 && !request) {
            throw new IOException("reply without length: not supported by the proxy");
        }
        copy(in, raw, Math.max(length, 0));
        return raw.toByteArray();
    }

    private static String readHead(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder head = new StringBuilder();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.length() == 0) {
                    return null;
                }
                throw new EOFException("end of stream inside a message head");
            }
            raw.write(b);
            head.append((char) b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString();
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("end of stream inside a chunk");
            }
            raw.write(b);
            if (b == '\n') {
                return line.toString().trim();
            }
            line.append((char) b);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream raw, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("end of stream inside a body");
            }
            raw.write(buf, 0, r);
            left -= r;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
