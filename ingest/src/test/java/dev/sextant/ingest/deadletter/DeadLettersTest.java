package dev.sextant.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
}
