package dev.sextant.ingest.news.tag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.registry.Asset;
import dev.sextant.schemas.registry.Registry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssetTaggerTest {

  private final AssetTagger tagger = AssetTagger.loadDefault();

  private List<String> assets(String title) {
    return tagger.tag(title, "").assets();
  }

  @Test
  void shouldNotFindATickerInsideALongerWord() {
    assertThat(assets("A new solution for SOLUTIONS teams")).isEmpty();
    assertThat(assets("SOL rallies")).containsExactly("SOL");
  }

  @Test
  void shouldNeverTagLowercaseOrTitlecaseTickerWords() {
    assertThat(assets("click the link, sol and eth and btc")).isEmpty();
    assertThat(assets("Sol Price speaks; Tao of trading; Uni news")).isEmpty();
  }

  @Test
  void shouldTagAnAmbiguousTickerOnlyWithContext() {
    assertThat(assets("Read the LINK below for details")).isEmpty();
    assertThat(assets("LINK price jumps 10%")).containsExactly("LINK");
    assertThat(assets("BTC and LINK trade flat")).containsExactly("BTC", "LINK");
  }

  @Test
  void shouldTagAmbiguousTickersInAllCapsTextOnlyAsCashtags() {
    assertThat(assets("BREAKING: LINK PRICE TO FOLLOW")).isEmpty();
    assertThat(assets("BREAKING: $LINK PRICE TO FOLLOW")).containsExactly("LINK");
  }

  @Test
  void shouldTagOneOnlyAsACashtagOrInCryptoContext() {
    List<Asset> assets = new ArrayList<>(Registry.loadDefault().assets());
    assets.add(new Asset("ONE", "Harmony", Asset.Kind.CRYPTO, null, List.of(), List.of()));
    AssetTagger withOne = new AssetTagger(assets, TaggingRules.loadDefault());
    assertThat(withOne.tag("ONE of the biggest days", "").assets()).isEmpty();
    assertThat(withOne.tag("one more thing", "").assets()).isEmpty();
    assertThat(withOne.tag("ONE token soars", "").assets()).containsExactly("ONE");
    assertThat(withOne.tag("$one moves", "").assets()).containsExactly("ONE");
  }

  @Test
  void shouldTagEtherOnlyWhenCapitalised() {
    assertThat(assets("Ether slips as ETF outflows continue")).containsExactly("ETH");
    assertThat(assets("Traders sell Ether and buy Bitcoin")).containsExactly("ETH", "BTC");
    assertThat(assets("ETHER ETFS SEE RECORD OUTFLOWS")).containsExactly("ETH");
    // The medium, the anaesthetic, "into the ether": never, even next to crypto words.
    assertThat(assets("Signals vanish into the ether")).isEmpty();
    assertThat(assets("the price of ether fell, token holders say")).isEmpty();
    // Other names stay case-insensitive, "Wrapped Ether" included.
    assertThat(assets("wrapped ether volume climbs on ethereum")).containsExactly("WETH", "ETH");
  }

  @Test
  void shouldTagTaoOnlyWithItsOwnContextOrBittensorNamed() {
    assertThat(assets("Author publishes The TAO of Trading")).isEmpty();
    assertThat(assets("The TAO of crypto markets, explained")).isEmpty();
    assertThat(assets("THE TAO OF TRADING: SUBNET OF PATIENCE")).isEmpty();
    // Another asset nearby is no context for TAO: "the TAO of Bitcoin" is about Bitcoin.
    assertThat(assets("Investors discover the TAO of Bitcoin")).containsExactly("BTC");
    assertThat(assets("TAO plunges amid subnet controversy")).containsExactly("TAO");
    assertThat(assets("Kraken lists TAO for spot trading")).containsExactly("TAO");
    assertThat(assets("$tao rallies")).containsExactly("TAO");
    // Bittensor named anywhere in the item makes TAO count, in the title as in the text.
    Tags tags = tagger.tag("TAO leads the pack", "Bittensor developers ship an upgrade.");
    assertThat(tags.assets()).containsExactly("TAO");
    assertThat(tags.mentions())
        .containsExactly(
            new Mention("TAO", Mention.Part.TITLE, 0, "TAO", null),
            new Mention("Bittensor", Mention.Part.TEXT, 0, "TAO", null));
  }

  @Test
  void shouldTagCashtagsInAnyCase() {
    assertThat(assets("$eth and $BTC and $Sol")).containsExactly("ETH", "BTC", "SOL");
  }

  @Test
  void shouldMatchNamesCaseInsensitivelyAsWholeWords() {
    assertThat(assets("bitcoin, ETHEREUM, Ether's fees, Chainlink and bittensor"))
        .containsExactly("BTC", "ETH", "LINK", "TAO");
    assertThat(assets("Bitcoiners gather")).isEmpty();
  }

  @Test
  void shouldPreferTheLongestName() {
    assertThat(assets("Wrapped Bitcoin supply grows")).containsExactly("WBTC");
  }

  @Test
  void shouldNotTagFiat() {
    assertThat(assets("USD and EUR and the US Dollar and $USD")).isEmpty();
  }

  @Test
  void shouldTagEntitiesByNameTickerAndCashtag() {
    assertThat(tagger.tag("Iris Energy, CORZ and Hut 8", "").entities())
        .containsExactly("IREN", "Core Scientific", "Hut 8");
    assertThat(tagger.tag("Iren utility; a HUT; RIOT police", "").entities()).isEmpty();
    assertThat(tagger.tag("$hut and $RIOT", "").entities())
        .containsExactly("Hut 8", "Riot Platforms");
  }

  @Test
  void shouldListAssetsInFirstMentionOrderWithMentions() {
    Tags tags = tagger.tag("Solana beats Bitcoin", "BTC and $ETH");
    assertThat(tags.assets()).containsExactly("SOL", "BTC", "ETH");
    assertThat(tags.mentions())
        .containsExactly(
            new Mention("Solana", Mention.Part.TITLE, 0, "SOL", null),
            new Mention("Bitcoin", Mention.Part.TITLE, 13, "BTC", null),
            new Mention("BTC", Mention.Part.TEXT, 0, "BTC", null),
            new Mention("$ETH", Mention.Part.TEXT, 8, "ETH", null));
  }

  @Test
  void shouldTolerateMissingText() {
    assertThat(tagger.tag(null, null).assets()).isEmpty();
  }
}
