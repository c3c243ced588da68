package io.isthmus.server.app;

import io.isthmus.admin.aws.AwsListener;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The listener of the AWS-compatible API ({@code isthmus.aws.port} on {@code isthmus.aws.address},
 * docs/aws-api.md): a second connector of the admin API's web server, whose requests the {@code
 * AwsApiFilter} answers. Off while the port is negative. Once bound, its port (the one chosen when
 * 0 was asked) goes to the {@link AwsListener}.
 */
final class AwsApiListener
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
        ApplicationListener<WebServerInitializedEvent> {
  private static final Logger log = LoggerFactory.getLogger(AwsApiListener.class);

  private final IsthmusProperties.Aws properties;
  private final AwsListener listener;
  private volatile Connector connector;

  AwsApiListener(IsthmusProperties.Aws properties, AwsListener listener) {
    this.properties = properties;
    this.listener = listener;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    if (properties.port() < 0) {
      return;
    }
    Connector added = new Connector();
    added.setPort(properties.port());
    added.setProperty("address", properties.address());
    factory.addAdditionalConnectors(added);
    connector = added;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    Connector bound = connector;
    if (bound != null && bound.getLocalPort() > 0) {
      listener.bound(bound.getLocalPort());
      log.info("AWS-compatible API listening on {}:{}", properties.address(), bound.getLocalPort());
    }
  }
}
