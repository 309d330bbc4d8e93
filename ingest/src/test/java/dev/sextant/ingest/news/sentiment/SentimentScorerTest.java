package dev.sextant.ingest.news.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.ingest.news.tag.AssetTagger;
import dev.sextant.ingest.news.tag.Tags;
import org.junit.jupiter.api.Test;

class SentimentScorerTest {

  private final AssetTagger tagger = AssetTagger.loadDefault();
  private final SentimentScorer scorer = SentimentScorer.loadDefault();

  private Sentiment score(String title, String text) {
    return scorer.score(title, text, tagger.tag(title, text));
  }

  @Test
  void shouldScoreATitleTermAsTanhOfItsWeightedWeight() {
    // "surges" weighs 2.5, doubled in the title.
    assertThat(score("Bitcoin surges", "").score()).isCloseTo(Math.tanh(5.0 / 4), within(1e-9));
  }

  @Test
  void shouldFlipANegatedTerm() {
    assertThat(score("SEC does not approve the ETF", "").score()).isNegative();
    assertThat(score("Exchange confirms no hack", "").score()).isPositive();
    assertThat(score("Bill fails to pass", "").score()).isNegative();
    assertThat(score("SEC does not approve the ETF", "").topTerms().getFirst().term())
        .isEqualTo("does not approve");
  }

  @Test
  void shouldNotNegateAcrossSentencesOrBeyondTheWindow() {
    assertThat(score("Not today. Bitcoin surges", "").score()).isPositive();
    assertThat(score("No one could have guessed it surges", "").score()).isPositive();
  }

  @Test
  void shouldIntensifyAndDiminish() {
    double plain = score("Bitcoin falls", "").score();
    assertThat(score("Bitcoin falls sharply", "").score()).isLessThan(plain);
    assertThat(score("Bitcoin falls slightly", "").score()).isGreaterThan(plain).isNegative();
    assertThat(score("Massive hack", "").score()).isLessThan(score("Hack", "").score());
  }

  @Test
  void shouldMatchMultiWordTermsFirst() {
    assertThat(score("Bitcoin hits all-time high", "").topTerms().getFirst().term())
        .isEqualTo("all time high");
  }

  @Test
  void shouldWeightTheTitleAboveTheText() {
    assertThat(score("Bitcoin surges", "Ether falls").score()).isPositive();
    assertThat(score("Bitcoin falls", "Ether surges").score()).isNegative();
  }

  @Test
  void shouldScoreEachAssetFromItsOwnSentences() {
    Sentiment s = score("Markets move", "Bitcoin surges. Solana plunges after outage.");
    assertThat(s.perAsset().get("BTC")).isPositive();
    assertThat(s.perAsset().get("SOL")).isNegative();
  }

  @Test
  void shouldStayWithinTheScale() {
    String many = "crash hack exploit plunge collapse bankrupt ".repeat(20);
    assertThat(score(many, many).score()).isBetween(-1.0, -0.99);
    assertThat(score("Markets open", "").score()).isZero();
    assertThat(score("Markets open", "").sign()).isZero();
  }

  @Test
  void shouldListTopTermsByAbsoluteContribution() {
    Sentiment s = score("Bitcoin slips as exchange hack spooks market", "");
    assertThat(s.topTerms()).extracting(Term::term).startsWith("hack", "slips");
  }

  @Test
  void shouldLoadALexiconOfSeveralHundredEntries() {
    assertThat(Lexicon.loadDefault().size()).isGreaterThan(400);
    assertThat(
            scorer
                .score(
                    "", "", new Tags(java.util.List.of(), java.util.List.of(), java.util.List.of()))
                .score())
        .isZero();
  }
}
