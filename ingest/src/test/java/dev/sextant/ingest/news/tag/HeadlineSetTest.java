package dev.sextant.ingest.news.tag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.news.sentiment.SentimentScorer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tagging precision and recall and sentiment-sign accuracy over the hand-labelled headlines. */
class HeadlineSetTest {

  private record Labelled(String headline, Set<String> assets, Set<String> entities, int sign) {}

  private record Counts(int tp, int fp, int fn) {
    double precision() {
      return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
    }

    double recall() {
      return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
    }
  }

  private final AssetTagger tagger = AssetTagger.loadDefault();
  private final SentimentScorer scorer = SentimentScorer.loadDefault();

  @Test
  void shouldTagAndScoreTheLabelledHeadlinesAboveTheFloors() throws Exception {
    List<Labelled> set = load();
    assertThat(set).hasSizeGreaterThanOrEqualTo(200);
    int[] assets = new int[3];
    int[] entities = new int[3];
    int signRight = 0;
    List<String> misses = new ArrayList<>();
    for (Labelled l : set) {
      Tags tags = tagger.tag(l.headline(), "");
      count(l.assets(), new HashSet<>(tags.assets()), assets);
      count(l.entities(), new HashSet<>(tags.entities()), entities);
      int sign = scorer.score(l.headline(), "", tags).sign();
      if (sign == l.sign()) {
        signRight++;
      } else {
        misses.add("sign " + sign + " want " + l.sign() + ": " + l.headline());
      }
      if (!l.assets().equals(new HashSet<>(tags.assets()))
          || !l.entities().equals(new HashSet<>(tags.entities()))) {
        misses.add("tags " + tags.assets() + tags.entities() + ": " + l.headline());
      }
    }
    Counts a = new Counts(assets[0], assets[1], assets[2]);
    Counts e = new Counts(entities[0], entities[1], entities[2]);
    Counts all = new Counts(a.tp() + e.tp(), a.fp() + e.fp(), a.fn() + e.fn());
    double accuracy = (double) signRight / set.size();
    System.out.printf(
        "headlines=%d assets P=%.3f R=%.3f (tp=%d fp=%d fn=%d) entities P=%.3f R=%.3f (tp=%d fp=%d"
            + " fn=%d) all P=%.3f R=%.3f sign accuracy=%.3f (%d/%d)%n",
        set.size(),
        a.precision(),
        a.recall(),
        a.tp(),
        a.fp(),
        a.fn(),
        e.precision(),
        e.recall(),
        e.tp(),
        e.fp(),
        e.fn(),
        all.precision(),
        all.recall(),
        accuracy,
        signRight,
        set.size());
    misses.forEach(m -> System.out.println("  " + m));
    assertThat(all.precision()).isGreaterThanOrEqualTo(PRECISION_FLOOR);
    assertThat(all.recall()).isGreaterThanOrEqualTo(RECALL_FLOOR);
    assertThat(accuracy).isGreaterThanOrEqualTo(SIGN_FLOOR);
  }

  static final double PRECISION_FLOOR = 0.99;
  static final double RECALL_FLOOR = 0.99;
  static final double SIGN_FLOOR = 0.91;

  private static void count(Set<String> expected, Set<String> actual, int[] c) {
    for (String s : actual) {
      if (expected.contains(s)) {
        c[0]++;
      } else {
        c[1]++;
      }
    }
    for (String s : expected) {
      if (!actual.contains(s)) {
        c[2]++;
      }
    }
  }

  private static List<Labelled> load() throws Exception {
    List<Labelled> out = new ArrayList<>();
    try (var in = HeadlineSetTest.class.getResourceAsStream("/news/headlines.tsv");
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        out.add(
            new Labelled(cols[0], set(cols[1]), set(cols[2]), Integer.parseInt(cols[3].trim())));
      }
    }
    return out;
  }

  private static Set<String> set(String list) {
    Set<String> s = new HashSet<>();
    Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(s::add);
    return s;
  }
}
