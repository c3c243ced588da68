package io.isthmus.server;

import io.netty.util.ResourceLeakDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Isthmus node: DNS listeners, the snapshot of the configuration, and the admin API. */
@SpringBootApplication(scanBasePackages = "io.isthmus")
public class IsthmusApplication {
  /** Netty's own switch; set it on the command line to turn leak detection back on. */
  private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

  public static void main(String[] args) {
    // Netty's default leak detection takes a stack trace for one buffer in 128: measurable at
    // 100,000 queries a second (about 0.6 % of the CPU in a profile). The DNS path's buffers are
    // released by Netty itself; the tests keep detection on.
    if (System.getProperty(LEAK_DETECTION) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    SpringApplication.run(IsthmusApplication.class, args);
  }
}
