package dev.sextant.deploy.chain;

import dev.sextant.ingest.chain.tail.TailerStatus;
import java.util.Arrays;
import java.util.List;

/**
 * A tailer alone in its process, for tests that kill it with SIGKILL. Arguments: the broker, then
 * {@link ChainSetup#toArgs()}. Prints its status every few milliseconds: {@code status PHASE TIP}.
 */
public final class ChainTailerMain {

  private ChainTailerMain() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    ChainSetup setup = ChainSetup.fromArgs(rest);
    try (RunningTailer running = new RunningTailer(args[0], setup.config())) {
      while (true) {
        TailerStatus status = running.status();
        System.out.println("status " + status.phase() + " " + status.tip());
        System.out.flush();
        Thread.sleep(5);
      }
    }
  }
}
