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

  /**
   * At most this many bytes of the raw input are kept: a dead letter must stay far below Kafka's
   * maximum record size, or it fails its whole transaction on every retry.
   */
  public static final int MAX_RAW_BYTES = 64 * 1024;

  /** At most this many characters of the error are kept, for the same reason. */
  public static final int MAX_ERROR_CHARS = 2_000;

  private final String source;

  /** Dead letters for the source {@code source} (e.g. "coinbase-exchange-replay"). */
  public DeadLetters(String source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** The location of a line or frame number, as written to {@code DeadLetter.location}. */
  public static String line(long number) {
    return "line " + number;
  }

  /**
   * The dead letter for {@code raw} input that failed with {@code kind} and {@code error}; raw
   * input over {@link #MAX_RAW_BYTES} is cut to that, and the error says so.
   */
  public DeadLetter letter(
      byte[] raw, ErrorKind kind, String error, String location, Instant ingestTime) {
    return letter(raw, kind.wireName(), error, location, ingestTime);
  }

  /**
   * The dead letter with an error kind named by the source itself (snake_case), for sources whose
   * reasons are their own stable set rather than an {@link ErrorKind} (news fetch failures).
   */
  public DeadLetter letter(
      byte[] raw, String kind, String error, String location, Instant ingestTime) {
    String message = abbreviate(error, MAX_ERROR_CHARS);
    ByteString kept = ByteString.copyFrom(raw, 0, Math.min(raw.length, MAX_RAW_BYTES));
    if (raw.length > MAX_RAW_BYTES) {
      message += "; raw kept in part (truncated from " + raw.length + " bytes)";
    }
    return DeadLetter.newBuilder()
        .setSource(source)
        .setRaw(kept)
        .setError(message)
        .setErrorKind(kind)
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

  /** The same dead letter with a kind of the source's own, keyed by the source. */
  public Outgoing<DeadLetter> record(
      byte[] raw, String kind, String error, String location, Instant ingestTime) {
    return new Outgoing<>(
        Topics.INGEST_DEADLETTER, source, letter(raw, kind, error, location, ingestTime));
  }

  /** {@code text} cut to at most {@code max} characters, marked with "..." when cut. */
  public static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
