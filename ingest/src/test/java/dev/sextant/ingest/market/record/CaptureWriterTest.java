package dev.sextant.ingest.market.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.LostFrame;
import dev.sextant.ingest.market.OpenFrame;
import dev.sextant.ingest.replay.CaptureReader;
import dev.sextant.ingest.replay.CapturedFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing captures that the replay's reader reads back frame for frame. */
class CaptureWriterTest {

  @TempDir Path dir;
  private final List<CaptureWriter.Progress> progress = new ArrayList<>();

  private CaptureWriter open(Path file) throws IOException {
    return CaptureWriter.open(file, Duration.ofMillis(10), Duration.ofSeconds(1), progress::add);
  }

  private static List<CapturedFrame> read(Path file) throws IOException {
    List<CapturedFrame> frames = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      for (Optional<CapturedFrame> f = reader.next(); f.isPresent(); f = reader.next()) {
        frames.add(f.get());
      }
    }
    return frames;
  }

  @Test
  void shouldRoundTripFramesTimesAndLabelsThroughTheReader() throws IOException {
    Path file = dir.resolve("capture.txt");
    try (CaptureWriter writer = open(file)) {
      writer.frame("", "{\"a\":\"x\\ny\"}", 1_700_000_000_123_456_789L);
      writer.frame("linear", "[1,2]", 1_700_000_000_200_000_000L);
      writer.frame("", "{\"é\":\"€\"}", 3L);
    }

    List<CapturedFrame> frames = read(file);

    assertThat(frames)
        .extracting(
            CapturedFrame::text,
            CapturedFrame::connection,
            f -> f.recordedEpochNanos().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "{\"a\":\"x\\ny\"}", "", 1_700_000_000_123_456_789L),
            org.assertj.core.groups.Tuple.tuple("[1,2]", "linear", 1_700_000_000_200_000_000L),
            org.assertj.core.groups.Tuple.tuple("{\"é\":\"€\"}", "", 3L));
    assertThat(Files.readString(file)).startsWith("1700000000123456789\t{");
  }

  @Test
  void shouldWriteLineBreaksInAFrameAsSpaces() throws IOException {
    Path file = dir.resolve("capture.txt");
    try (CaptureWriter writer = open(file)) {
      writer.frame("", "{\r\n  \"a\": 1\n}", 5L);
      writer.frame("", "{\"b\":2}", 6L);
    }

    assertThat(read(file))
        .extracting(CapturedFrame::text)
        .containsExactly("{    \"a\": 1 }", "{\"b\":2}");
  }

  @Test
  void shouldGzipWhenTheNameEndsInGzAndCountBytesAndOversizedFrames() throws IOException {
    Path file = dir.resolve("capture.txt.gz");
    CaptureWriter writer = open(file);
    writer.frame("", "{\"n\":1}", 10L);
    writer.oversized("", "{\"huge", 10_000_000, 11L);
    writer.frame("", "{\"n\":2}", 12L);
    writer.tick(System.nanoTime() + Duration.ofSeconds(2).toNanos());
    writer.close();

    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      // The oversized frame is not kept, but a marker holds its place for a replay.
      assertThat(new String(in.readAllBytes()))
          .isEqualTo("10\t{\"n\":1}\n11\t{\"sextant_lost\":{\"bytes\":10000000}}\n12\t{\"n\":2}\n");
    }
    assertThat(read(file))
        .extracting(CapturedFrame::text)
        .containsExactly("{\"n\":1}", LostFrame.frame(10_000_000), "{\"n\":2}");
    assertThat(writer.progress()).isEqualTo(new CaptureWriter.Progress(2, 61, 1));
    assertThat(progress).containsExactly(new CaptureWriter.Progress(2, 61, 1));
  }

  @Test
  void shouldLeaveAReadableCaptureAtEachFlushWhileStillWriting() throws IOException {
    Path file = dir.resolve("live.txt.gz");
    CaptureWriter writer = open(file);
    writer.frame("", "{\"n\":1}", 10L);
    writer.tick(System.nanoTime() + Duration.ofSeconds(1).toNanos());

    // Not closed: the gzip stream has no trailer yet, as after a crash.
    assertThat(read(file)).extracting(CapturedFrame::text).containsExactly("{\"n\":1}");
    writer.close();
  }

  @Test
  void shouldMarkAnOpenedConnectionBeforeItsFramesWithoutCountingAFrame() throws IOException {
    Path file = dir.resolve("capture.txt");
    try (CaptureWriter writer = open(file)) {
      writer.opened("spot", 7L);
      writer.frame("spot", "{\"n\":1}", 8L);
      assertThat(writer.progress().frames()).isEqualTo(1);
    }

    assertThat(Files.readString(file))
        .isEqualTo("7@spot\t" + OpenFrame.FRAME + "\n8@spot\t{\"n\":1}\n");
    assertThat(OpenFrame.isOpen(read(file).getFirst().text())).isTrue();
    assertThat(OpenFrame.isOpen(read(file).getLast().text())).isFalse();
  }
}
