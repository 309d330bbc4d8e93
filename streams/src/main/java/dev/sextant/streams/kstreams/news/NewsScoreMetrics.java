package dev.sextant.streams.kstreams.news;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** Counters of the news items the score topology skipped or changed, tagged {@code problem}. */
public final class NewsScoreMetrics {

  static final String INPUT_PROBLEMS = "sextant.streams.news.input.problems";

  private final Map<InputProblem, Counter> counters = new EnumMap<>(InputProblem.class);

  public NewsScoreMetrics(MeterRegistry registry) {
    for (InputProblem problem : InputProblem.values()) {
      counters.put(
          problem,
          Counter.builder(INPUT_PROBLEMS)
              .description("News items skipped or clamped by the score topology")
              .tag("problem", problem.tag())
              .register(registry));
    }
  }

  void count(InputProblem problem) {
    counters.get(problem).increment();
  }

  /** How many items met {@code problem} so far. */
  long count(String problemTag) {
    for (Map.Entry<InputProblem, Counter> e : counters.entrySet()) {
      if (e.getKey().tag().equals(problemTag)) {
        return (long) e.getValue().count();
      }
    }
    throw new IllegalArgumentException("unknown problem " + problemTag);
  }
}
