package dev.sextant.ingest.news.fetch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server on loopback that writes its answers byte for byte: the JDK's server refuses to
 * send the broken headers (control characters, raw UTF-8, megabyte values) a hostile publisher can.
 * Each path answers with a fixed status and headers; a path not set answers 200 with {@link #FEED}.
 */
final class RawHttpServer implements AutoCloseable {

  static final String FEED =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>";

  private final ServerSocket socket;
  private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
  private final List<String> requested = new CopyOnWriteArrayList<>();

  RawHttpServer() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().name("raw-http").start(this::accept);
  }

  /** Answers {@code path} with {@code status} and a {@code Location} written as these chars. */
  RawHttpServer redirect(String path, int status, String location) {
    String head =
        "HTTP/1.1 "
            + status
            + " Redirect\r\nLocation: "
            + location
            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    answers.put(path, head.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  /** Answers {@code path} with {@code status}, a {@code Location} of these bytes, as sent. */
  RawHttpServer redirectBytes(String path, int status, byte[] location) {
    byte[] start =
        ("HTTP/1.1 " + status + " Redirect\r\nLocation: ").getBytes(StandardCharsets.US_ASCII);
    byte[] end =
        "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[start.length + location.length + end.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(location, 0, all, start.length, location.length);
    System.arraycopy(end, 0, all, start.length + location.length, end.length);
    answers.put(path, all);
    return this;
  }

  String base() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** The request targets seen, in order. */
  List<String> requested() {
    return requested;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread.ofVirtual().start(() -> answer(client));
      } catch (IOException e) {
        // Closed: the test is over.
      }
    }
  }

  private void answer(Socket client) {
    try (client) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
      String requestLine = in.readLine();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        // Headers are not needed.
      }
      if (requestLine == null) {
        return;
      }
      String target = requestLine.split(" ")[1];
      requested.add(target);
      byte[] answer = answers.get(target);
      OutputStream out = client.getOutputStream();
      if (answer == null) {
        byte[] body = FEED.getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: "
                    + body.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
      } else {
        out.write(answer);
      }
      out.flush();
    } catch (IOException e) {
      // The client went away: its outcome is what the test looks at.
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to do.
    }
  }
}
