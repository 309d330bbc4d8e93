package dev.sextant.streams.kstreams.news;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.v1.NewsScore;

/**
 * Computes an asset's {@link NewsScore} at a given instant from the mentions it holds: the pure
 * arithmetic, apart from stores and clocks.
 *
 * <p>With {@code S} the short window and {@code age = now - published}: a mention is in the short
 * window when {@code age < S}, in the long window when {@code age < L}, and in baseline bucket
 * {@code k} (1..B) when {@code k*S <= age < (k+1)*S}. Items published slightly after {@code now}
 * (negative age, bounded by the future-skew clamp) count in both windows.
 */
final class ScoreCalculator {

  private final long shortMs;
  private final long longMs;
  private final int buckets;
  private final int minBaselineMentions;

  ScoreCalculator(NewsScoreConfig config) {
    this.shortMs = config.shortWindow().toMillis();
    this.longMs = config.longWindow().toMillis();
    this.buckets = config.baselineBuckets();
    this.minBaselineMentions = config.minBaselineMentions();
  }

  /** The score of {@code asset} at {@code nowMs} over {@code mentions} (any order). */
  NewsScore score(String asset, Iterable<Mention> mentions, long nowMs) {
    long count1 = 0;
    long count24 = 0;
    double sum1 = 0;
    double sum24 = 0;
    long[] baseline = new long[buckets];
    for (Mention m : mentions) {
      long age = nowMs - m.publishedMs();
      if (age < shortMs) {
        count1++;
        sum1 += m.sentiment();
      }
      if (age < longMs) {
        count24++;
        sum24 += m.sentiment();
      }
      long bucket = age / shortMs;
      if (age >= shortMs && bucket <= buckets) {
        baseline[(int) bucket - 1]++;
      }
    }
    Velocity velocity = velocity(count1, baseline);
    return NewsScore.newBuilder()
        .setAsset(asset)
        .setMentions1H(count1)
        .setMentions24H(count24)
        .setMeanSentiment1H(count1 == 0 ? 0 : sum1 / count1)
        .setMeanSentiment24H(count24 == 0 ? 0 : sum24 / count24)
        .setVelocityZ(velocity.z())
        .setVelocityDefined(velocity.defined())
        .setBaselineMentions(velocity.baselineMentions())
        .setEventTime(timestamp(nowMs))
        .build();
  }

  /**
   * Mention velocity: the z-score and whether it is defined, with the baseline's size.
   *
   * @param z 0 when not defined
   */
  record Velocity(double z, boolean defined, long baselineMentions) {}

  /**
   * The z-score of the current count against the baseline's hourly counts (sample standard
   * deviation); undefined (z = 0) when the baseline holds fewer than the minimum mentions or does
   * not vary.
   */
  Velocity velocity(long current, long[] baseline) {
    long total = 0;
    for (long c : baseline) {
      total += c;
    }
    if (total < minBaselineMentions) {
      return new Velocity(0, false, total);
    }
    double mean = (double) total / baseline.length;
    double squares = 0;
    for (long c : baseline) {
      squares += (c - mean) * (c - mean);
    }
    double sd = Math.sqrt(squares / (baseline.length - 1));
    return sd == 0
        ? new Velocity(0, false, total)
        : new Velocity((current - mean) / sd, true, total);
  }

  private static Timestamp timestamp(long ms) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(ms, 1000L))
        .setNanos((int) Math.floorMod(ms, 1000L) * 1_000_000)
        .build();
  }
}
