package dev.sextant.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledCaptureTest {

  @Test
  void shouldBundleExactlyWhatTheGeneratorWrites(@TempDir Path dir) throws IOException {
    Path generated = dir.resolve("capture.gz");
    DemoCaptureGenerator.write(generated);

    assertThat(gunzip(Files.newInputStream(generated))).isEqualTo(gunzip(BundledCapture.open()));
  }

  @Test
  void shouldHoldAtLeastAThousandMatchFrames() throws IOException {
    String text =
        new String(gunzip(BundledCapture.open()), java.nio.charset.StandardCharsets.UTF_8);
    long matches = text.lines().filter(l -> l.contains("\"type\":\"match\"")).count();
    assertThat(matches).isEqualTo(DemoCaptureGenerator.MATCHES).isGreaterThanOrEqualTo(1000);
    assertThat(text.lines()).allMatch(l -> l.matches("\\d{19}\t\\{.*\\}"));
  }

  private static byte[] gunzip(InputStream in) throws IOException {
    try (InputStream gz = new GZIPInputStream(in)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      gz.transferTo(out);
      return out.toByteArray();
    }
  }
}
