package io.isthmus.admin.audit;

import io.isthmus.admin.changes.ChangeJson;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Notes, for the {@link AuditFilter}, the ids a response names: the change it made (a {@link
 * ChangeJson} answer, or one with a {@code change} field) and the resource it created (an answer
 * with an {@code id} field that is not a change). Only those two fields are read: a token in the
 * same answer ({@code POST /v1/accounts}) never reaches the trail. Without them the resource is the
 * last id in the path. Stateless.
 */
@RestControllerAdvice(basePackages = "io.isthmus.admin")
class AuditDetails implements ResponseBodyAdvice<Object> {
  static final String CHANGE_ID = AuditDetails.class.getName() + ".changeId";
  static final String RESOURCE_ID = AuditDetails.class.getName() + ".resourceId";

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (request instanceof ServletServerHttpRequest servlet && body != null) {
      HttpServletRequest http = servlet.getServletRequest();
      if (body instanceof ChangeJson change) {
        http.setAttribute(CHANGE_ID, change.id());
      } else if (body.getClass().isRecord()) {
        if (component(body, "change") instanceof ChangeJson change) {
          http.setAttribute(CHANGE_ID, change.id());
        }
        if (component(body, "id") instanceof String id) {
          http.setAttribute(RESOURCE_ID, id);
        }
      }
    }
    return body;
  }

  /** The id the response named, else the last variable of the matched path, else null. */
  static String resourceId(HttpServletRequest request) {
    if (request.getAttribute(RESOURCE_ID) instanceof String id) {
      return id;
    }
    if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
        instanceof Map<?, ?> variables) {
      Object last = null;
      for (Object value : variables.values()) {
        last = value;
      }
      return last == null ? null : last.toString();
    }
    return null;
  }

  static String changeId(HttpServletRequest request) {
    return request.getAttribute(CHANGE_ID) instanceof String id ? id : null;
  }

  private static Object component(Object record, String name) {
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      if (component.getName().equals(name)) {
        try {
          component.getAccessor().setAccessible(true);
          return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null; // an accessor that cannot be called names no id
        }
      }
    }
    return null;
  }
}
