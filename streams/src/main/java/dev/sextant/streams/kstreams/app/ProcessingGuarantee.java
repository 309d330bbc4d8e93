package dev.sextant.streams.kstreams.app;

import org.apache.kafka.streams.StreamsConfig;

/** The processing guarantees the application offers, with their StreamsConfig value. */
public enum ProcessingGuarantee {
  /** Transactions: each input is reflected once in the outputs and state, even after a crash. */
  EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
  /** No transactions: lower latency, but a crash replays inputs since the last commit. */
  AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

  private final String configValue;

  ProcessingGuarantee(String configValue) {
    this.configValue = configValue;
  }

  /** The value of {@link StreamsConfig#PROCESSING_GUARANTEE_CONFIG}. */
  public String configValue() {
    return configValue;
  }
}
