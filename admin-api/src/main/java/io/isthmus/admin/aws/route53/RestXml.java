package io.isthmus.admin.aws.route53;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Request bodies of the REST-XML protocol, read by element local names (the clients send Route 53's
 * namespace; it is not checked). No DTD, no external entity, no entity expansion: a body is data,
 * never an instruction to fetch or expand anything (OWASP XXE prevention).
 */
final class RestXml {
  private RestXml() {}

  /** A body that is not well-formed XML, or that declares a DTD. */
  static final class MalformedXml extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedXml(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static Element parse(byte[] body) throws MalformedXml {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
    } catch (SAXException | IOException e) {
      throw new MalformedXml("the body is not well-formed XML: " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a required feature", e);
    }
  }

  /** The child elements of {@code parent} named {@code name}, in order. */
  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && name.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  static Optional<Element> child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The trimmed text of child {@code name}, if present. */
  static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(element -> element.getTextContent().trim());
  }
}
