package dev.sextant.deploy.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.parse.EntryProblem;
import dev.sextant.ingest.news.parse.FeedParser;
import dev.sextant.ingest.news.parse.FeedRejected;
import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.ingest.news.parse.ParsedFeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sextant news}: offline tools for news feeds. */
@Command(
    name = "news",
    description = "Offline tools for news feeds.",
    mixinStandardHelpOptions = true,
    subcommands = NewsCommand.Parse.class)
final class NewsCommand {

  /** Exit code when a file was refused (the others are still printed). */
  static final int FILE_REFUSED = 1;

  /** {@code sextant news parse}: feed files as NewsItems, no Kafka, no network. */
  @Command(
      name = "parse",
      description =
          "Parse RSS 2.0, RSS 1.0/RDF or Atom files and print one NewsItem per entry as a JSON line"
              + " (proto3 JSON mapping) with its asset tags, entities and sentiment; problems and"
              + " a summary go to stderr.",
      mixinStandardHelpOptions = true)
  static final class Parse implements Callable<Integer> {

    private static final JsonFormat.Printer JSON =
        JsonFormat.printer().omittingInsignificantWhitespace();

    @Spec CommandSpec spec;

    @Option(
        names = "--source",
        paramLabel = "NAME",
        description =
            "The source name written on each item (default: the file name without"
                + " its extension).")
    String source;

    @Option(
        names = "--max-bytes",
        defaultValue = "5242880",
        description = "The largest feed accepted (default ${DEFAULT-VALUE}).")
    int maxBytes;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Feed files.")
    List<Path> files;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      FeedParser parser = new FeedParser(maxBytes);
      NewsItems items = NewsItems.loadDefault();
      int refused = 0;
      long printed = 0;
      for (Path file : files) {
        Cli.existingFile(file);
        String name = source != null ? source : stem(file);
        Instant fetched = clock.instant();
        ParsedFeed feed;
        try {
          feed = parser.parse(Files.readAllBytes(file), name, fetched);
        } catch (FeedRejected e) {
          err.println(file + ": refused (" + e.reason() + "): " + e.getMessage());
          refused++;
          continue;
        } catch (IOException e) {
          err.println(file + ": cannot read: " + e.getMessage());
          refused++;
          continue;
        }
        for (NewsEntry entry : feed.entries()) {
          out.println(json(items.item(entry, fetched, 0)));
          printed++;
        }
        for (EntryProblem problem : feed.problems()) {
          err.println(
              file
                  + ": entry "
                  + problem.index()
                  + ": "
                  + problem.kind()
                  + ": "
                  + problem.detail());
        }
      }
      out.flush();
      err.println(
          "news parse: "
              + printed
              + " items from "
              + (files.size() - refused)
              + " of "
              + files.size()
              + " files");
      err.flush();
      return refused == 0 ? 0 : FILE_REFUSED;
    }

    private static String json(dev.sextant.schemas.v1.NewsItem item) {
      try {
        return JSON.print(item);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a NewsItem has no JSON form: " + e.getMessage(), e);
      }
    }

    private static String stem(Path file) {
      String name = file.getFileName().toString();
      int dot = name.indexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    }
  }
}
