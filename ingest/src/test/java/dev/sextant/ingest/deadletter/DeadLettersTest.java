package dev.sextant.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void shouldKeepRawBytesErrorKindAndLocationKeyedBySource() {
    byte[] raw = "{\"type\":\"match\"".getBytes(StandardCharsets.UTF_8);

    Outgoing<DeadLetter> record =
        new DeadLetters("coinbase-exchange-replay")
            .record(
                raw,
                ErrorKind.MALFORMED_JSON,
                "not JSON: Unexpected end-of-input",
                DeadLetters.line(42),
                Instant.parse("2024-03-05T14:07:21.123456789Z"));

    assertThat(record.topic()).isEqualTo(Topics.INGEST_DEADLETTER);
    assertThat(record.key()).isEqualTo("coinbase-exchange-replay");
    assertThat(record.value())
        .isEqualTo(
            DeadLetter.newBuilder()
                .setSource("coinbase-exchange-replay")
                .setRaw(ByteString.copyFrom(raw))
                .setError("not JSON: Unexpected end-of-input")
                .setErrorKind("malformed_json")
                .setLocation("line 42")
                .setIngestTime(
                    Timestamp.newBuilder().setSeconds(1709647641L).setNanos(123456789).build())
                .build());
    assertThat(
            Topics.INGEST_DEADLETTER
                .serde()
                .deserializer()
                .deserialize("t", record.serializedValue()))
        .isEqualTo(record.value());
  }

  @Test
  void shouldTruncateRawFrameOver64KiBAndSaySo() {
    byte[] raw = new byte[5_000_000];
    Arrays.fill(raw, (byte) 'x');

    DeadLetter letter =
        new DeadLetters("s")
            .letter(
                raw,
                ErrorKind.MALFORMED_JSON,
                "not JSON: Unexpected end-of-input",
                DeadLetters.line(7),
                Instant.EPOCH);

    assertThat(letter.getRaw().size()).isEqualTo(64 * 1024);
    assertThat(letter.getRaw()).isEqualTo(ByteString.copyFrom(raw, 0, 64 * 1024));
    assertThat(letter.getError())
        .isEqualTo(
            "not JSON: Unexpected end-of-input; raw kept in part (truncated from 5000000 bytes)");
    assertThat(letter.getSerializedSize()).isLessThan(70 * 1024);
  }

  @Test
  void shouldKeepRawFrameOfExactly64KiBWhole() {
    byte[] raw = new byte[64 * 1024];

    DeadLetter letter =
        new DeadLetters("s").letter(raw, ErrorKind.MALFORMED_JSON, "e", "line 1", Instant.EPOCH);

    assertThat(letter.getRaw().size()).isEqualTo(raw.length);
    assertThat(letter.getError()).isEqualTo("e");
  }

  @Test
  void shouldAbbreviateHugeErrorMessage() {
    DeadLetter letter =
        new DeadLetters("s")
            .letter(
                new byte[0],
                ErrorKind.ADAPTER_ERROR,
                "y".repeat(1_000_000),
                "line 1",
                Instant.EPOCH);

    assertThat(letter.getError()).hasSize(DeadLetters.MAX_ERROR_CHARS).endsWith("...");
  }
}
