package dev.sextant.ingest.deadletter;

import com.google.protobuf.ByteString;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import java.time.Instant;
import java.util.Objects;

/** Builds the dead letters of one source, keyed by the source id for the dead-letter topic. */
public final class DeadLetters {

  private final String source;

  /** Dead letters for the source {@code source} (e.g. "coinbase-exchange-replay"). */
  public DeadLetters(String source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** The location of a line or frame number, as written to {@code DeadLetter.location}. */
  public static String line(long number) {
    return "line " + number;
  }

  /** The dead letter for {@code raw} input that failed with {@code kind} and {@code error}. */
  public DeadLetter letter(
      byte[] raw, ErrorKind kind, String error, String location, Instant ingestTime) {
    return DeadLetter.newBuilder()
        .setSource(source)
        .setRaw(ByteString.copyFrom(raw))
        .setError(error)
        .setErrorKind(kind.wireName())
        .setLocation(location)
        .setIngestTime(ProtoTime.of(ingestTime))
        .build();
  }

  /** The same dead letter, as a record for {@code ingest.deadletter.v1} keyed by the source. */
  public Outgoing<DeadLetter> record(
      byte[] raw, ErrorKind kind, String error, String location, Instant ingestTime) {
    return new Outgoing<>(
        Topics.INGEST_DEADLETTER, source, letter(raw, kind, error, location, ingestTime));
  }
}
