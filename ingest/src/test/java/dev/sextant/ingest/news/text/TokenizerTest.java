package dev.sextant.ingest.news.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private static List<Integer> sentences(String text) {
    return Tokenizer.tokenize(text).stream().map(Token::sentence).toList();
  }

  @Test
  void shouldKeepAbbreviationsInsideTheirSentence() {
    // A real CoinDesk headline: split after "U.S.", Bitcoin lost the sentence its sentiment is in.
    assertThat(sentences("Bitcoin, U.S. Stock Futures Erase Early Gains")).containsOnly(0);
    assertThat(sentences("J.P. Morgan and Mr. Smith vs. the SEC")).containsOnly(0);
  }

  @Test
  void shouldStillEndSentencesAtFullStops() {
    assertThat(sentences("Bitcoin rose. Ether fell! Why? Nobody; knows"))
        .containsExactly(0, 0, 1, 1, 2, 3, 4);
    assertThat(sentences("Prices rose 1.5% today. Then fell")).containsExactly(0, 0, 0, 0, 0, 1, 1);
  }
}
