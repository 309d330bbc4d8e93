package dev.sextant.ingest.news.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.ingest.news.tag.AssetTagger;
import dev.sextant.ingest.news.tag.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SEC chair's remarks failed to assuage fears of a crackdown",
        "Fed fails to reassure crypto traders",
        "Fed fails to calm investor fears",
        "Central bank failed to calm markets",
        "Binance statement did not ease concerns over reserves",
        "Audit didn't allay worries about the stablecoin",
        "Issuer failing to reassure holders",
        "Bitcoin unable to recover above $60,000",
      })
  void shouldScoreAFailureToRelieveOrRecoverAsNegative(String title) {
    assertThat(score(title, "").sign()).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Tether attestation assuages fears over reserves",
        "Powell's remarks ease concerns",
        "Exchange audit allays investor worries",
        "Developers quell jitters ahead of the upgrade",
      })
  void shouldScoreRelievingABadThingAsPositive(String title) {
    assertThat(score(title, "").sign()).isEqualTo(1);
  }

  @Test
  void shouldNameTheReliefAndItsNegationAsOneTerm() {
    assertThat(score("Statement failed to assuage fears", "").topTerms())
        .extracting(Term::term)
        .containsExactly("failed to assuage fears");
    assertThat(score("Statement assuages fears", "").topTerms())
        .extracting(Term::term)
        .containsExactly("assuages fears");
  }

  @Test
  void shouldNegateOnlyTheFirstTermAfterANegator() {
    // "not" governs "approve"; "delays" is the SEC's own bad news, not negated.
    Sentiment s = score("SEC does not approve, delays ETF", "");
    assertThat(s.topTerms())
        .extracting(Term::term)
        .containsExactlyInAnyOrder("does not approve", "delays");
    assertThat(s.score()).isNegative();
  }

  @Test
  void shouldLetTheMainClauseOutweighAnAfterDespiteOrAmidClause() {
    assertThat(score("Bitcoin climbs despite exchange outage", "").sign()).isEqualTo(1);
    assertThat(score("Solana rebounds after week of heavy losses", "").sign()).isEqualTo(1);
    assertThat(score("Ether plunges after ETF approval", "").sign()).isEqualTo(-1);
    assertThat(score("Token rallies amid market jitters", "").sign()).isEqualTo(1);
    // The clause still counts, at half weight: alone, or agreeing with the main clause.
    assertThat(score("Bitcoin slides after exchange hack", "").score())
        .isLessThan(score("Bitcoin slides", "").score());
    assertThat(score("Markets open after hack", "").sign()).isEqualTo(-1);
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
