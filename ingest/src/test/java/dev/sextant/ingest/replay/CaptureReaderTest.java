package dev.sextant.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {

  @TempDir Path dir;

  private static List<CapturedFrame> readAll(Path file) throws IOException {
    return readAll(file, CaptureReader.DEFAULT_MAX_LINE_BYTES);
  }

  private static List<CapturedFrame> readAll(Path file, int maxLineBytes) throws IOException {
    List<CapturedFrame> frames = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file, maxLineBytes)) {
      Optional<CapturedFrame> next;
      while ((next = reader.next()).isPresent()) {
        frames.add(next.get());
      }
    }
    return frames;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void shouldParseEpochNanosPrefix() throws IOException {
    Path file = write("c.txt", "1709647641123456789\t{\"type\":\"heartbeat\"}\n");

    assertThat(readAll(file))
        .containsExactly(
            new CapturedFrame(
                1,
                "{\"type\":\"heartbeat\"}",
                OptionalLong.of(1709647641123456789L),
                Optional.empty()));
  }

  @Test
  void shouldReadFrameWithoutPrefix() throws IOException {
    Path file = write("c.txt", "{\"type\":\"a\",\t\"x\":1}\n");

    CapturedFrame frame = readAll(file).getFirst();

    assertThat(frame.text()).isEqualTo("{\"type\":\"a\",\t\"x\":1}");
    assertThat(frame.recordedEpochNanos()).isEmpty();
    assertThat(frame.isMalformed()).isFalse();
  }

  @Test
  void shouldSkipBlankLinesAndKeepLineNumbers() throws IOException {
    Path file = write("c.txt", "\n{\"a\":1}\r\n   \n\t\n100\t{\"b\":2}\n\n");

    assertThat(readAll(file))
        .extracting(CapturedFrame::line, CapturedFrame::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "{\"a\":1}"),
            org.assertj.core.groups.Tuple.tuple(5L, "{\"b\":2}"));
  }

  @Test
  void shouldDeliverBadPrefixAsMalformedFrameAndGoOn() throws IOException {
    Path file =
        write("c.txt", "1\t{\"a\":1}\n1618677817.06\t{\"b\":2}\nx\t{\"c\":3}\n3\t{\"d\":4}\n");

    List<CapturedFrame> frames = readAll(file);

    assertThat(frames).hasSize(4);
    assertThat(frames.get(1).isMalformed()).isTrue();
    assertThat(frames.get(1).text()).isEqualTo("1618677817.06\t{\"b\":2}");
    assertThat(frames.get(1).error())
        .contains("time prefix '1618677817.06' is not epoch nanoseconds");
    assertThat(frames.get(2).error()).contains("time prefix 'x' is not epoch nanoseconds");
    assertThat(frames.get(3).isMalformed()).isFalse();
    assertThat(frames.get(3).recordedEpochNanos()).hasValue(3);
  }

  @Test
  void shouldTreatPrefixBeyondLongAsMalformed() throws IOException {
    Path file = write("c.txt", "99999999999999999999\t{}\n");

    assertThat(readAll(file).getFirst().isMalformed()).isTrue();
  }

  @Test
  void shouldReadGzipCapture() throws IOException {
    Path file = dir.resolve("c.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(
          "5\t{\"type\":\"ticker\"}\n\n6\t{\"type\":\"match\"}\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(readAll(file))
        .extracting(CapturedFrame::line, f -> f.recordedEpochNanos().getAsLong())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 5L),
            org.assertj.core.groups.Tuple.tuple(3L, 6L));
  }

  @Test
  void shouldReadEmptyFile() throws IOException {
    assertThat(readAll(write("empty.txt", ""))).isEmpty();
  }

  @Test
  void shouldReadFrameAfterLeadingTabAsFrameWithoutTime() throws IOException {
    Path file = write("c.txt", "\t{\"type\":\"heartbeat\"}\n  \t{\"type\":\"ticker\"}\n");

    assertThat(readAll(file))
        .containsExactly(
            new CapturedFrame(
                1, "{\"type\":\"heartbeat\"}", OptionalLong.empty(), Optional.empty()),
            new CapturedFrame(2, "{\"type\":\"ticker\"}", OptionalLong.empty(), Optional.empty()));
  }

  @Test
  void shouldDeliverOverlongLineAsMalformedFrameAndGoOn() throws IOException {
    String longLine = "7\t{\"type\":\"match\",\"x\":\"" + "y".repeat(1_000) + "\"}";
    Path file = write("c.txt", "1\t{\"a\":1}\n" + longLine + "\r\n2\t{\"b\":2}\n");

    List<CapturedFrame> frames = readAll(file, 100);

    assertThat(frames).extracting(CapturedFrame::line).containsExactly(1L, 2L, 3L);
    assertThat(frames.get(1).isMalformed()).isTrue();
    assertThat(frames.get(1).error())
        .contains("line longer than 100 bytes (" + longLine.length() + " bytes)");
    assertThat(longLine).startsWith(frames.get(1).text());
    assertThat(frames.get(2).text()).isEqualTo("{\"b\":2}");
  }

  @Test
  void shouldKeepOnlyTheHeadOfAHugeLine() throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 2];
    Arrays.fill(content, (byte) 'z');
    content[content.length - 2] = '\n';
    content[content.length - 1] = '{';
    Path file = Files.write(dir.resolve("c.txt"), content);

    List<CapturedFrame> frames = readAll(file, 1024 * 1024);

    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).error()).contains("line longer than 1048576 bytes (3145728 bytes)");
    assertThat(frames.get(0).text()).hasSize(64 * 1024);
    assertThat(frames.get(1).text()).isEqualTo("{");
  }

  @Test
  void shouldReadLinesAcrossBufferBoundaries() throws IOException {
    // 65535 bytes then CR LF: the CR ends the first 64 KiB buffer, the LF starts the next one.
    String first = "{\"x\":\"" + "a".repeat(65_535 - 8) + "\"}";
    String second = "{\"y\":\"" + "b".repeat(200_000) + "\"}";
    Path file = write("c.txt", first + "\r\n" + second + "\r" + "{}");

    assertThat(readAll(file))
        .extracting(CapturedFrame::line, CapturedFrame::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, first),
            org.assertj.core.groups.Tuple.tuple(2L, second),
            org.assertj.core.groups.Tuple.tuple(3L, "{}"));
  }

  @Test
  void shouldEndTruncatedGzipCaptureAtWhatWasRead() throws IOException {
    Path whole = dir.resolve("whole.txt.gz");
    StringBuilder content = new StringBuilder();
    for (int i = 1; i <= 5_000; i++) {
      content.append(i).append("\t{\"type\":\"heartbeat\",\"n\":").append(i * 7919L).append("}\n");
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
      out.write(content.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] gzip = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.txt.gz"), Arrays.copyOf(gzip, gzip.length / 2));

    List<CapturedFrame> frames = readAll(cut);

    assertThat(frames).hasSizeBetween(100, 4_999);
    assertThat(frames.subList(0, frames.size() - 1)).noneMatch(CapturedFrame::isMalformed);
    assertThat(frames.getFirst().text()).isEqualTo("{\"type\":\"heartbeat\",\"n\":7919}");
  }

  @Test
  void shouldReadGzipCaptureCutInItsHeaderAsEmpty() throws IOException {
    Path file = Files.write(dir.resolve("c.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});

    assertThat(readAll(file)).isEmpty();
  }
}
