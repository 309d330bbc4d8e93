package dev.sextant.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {

  @TempDir Path dir;

  private static List<CapturedFrame> readAll(Path file) throws IOException {
    List<CapturedFrame> frames = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
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
}
