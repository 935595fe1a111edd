package dev.regatta.crd;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Walks a Java type and its CRD schema side by side, property by property (as Jackson sees the properties), so
 * that the CRD generation can add what fabric8's generator leaves out and a test can compare the two. List items
 * are visited at {@code [0]}, map values at {@code .<key>}.
 */
final class TypeSchemaWalk {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One value position: its path, Java type, the schema there, and the annotations that apply (the field's own,
   * or the type-use annotations of a list item or map value).
   */
  record Node(String path, JavaType type, JSONSchemaProps schema, List<Annotation> annotations, boolean embedded) {
    <A extends Annotation> A annotation(Class<A> type) {
      for (Annotation a : annotations) {
        if (type.isInstance(a)) {
          return type.cast(a);
        }
      }
      return null;
    }

    boolean isIntOrString() {
      return Boolean.TRUE.equals(schema.getXKubernetesIntOrString());
    }
  }

  interface Visitor {
    void node(Node node);

    /** A Java property without a schema property, or the other way round. */
    default void mismatch(String path, String problem) {}
  }

  private TypeSchemaWalk() {}

  static void walk(Class<?> type, JSONSchemaProps schema, String path, Visitor visitor) {
    walk(MAPPER.constructType(type), schema, path, List.of(), null, false, visitor);
  }

  private static void walk(JavaType type, JSONSchemaProps schema, String path, List<Annotation> annotations,
      AnnotatedType annotated, boolean embedded, Visitor visitor) {
    Node node = new Node(path, type, schema, annotations, embedded);
    visitor.node(node);
    if (node.isIntOrString() || isScalar(type)) {
      return;
    }
    if (type.isCollectionLikeType()) {
      if (schema.getItems() == null || schema.getItems().getSchema() == null) {
        visitor.mismatch(path, "a Java list without items in the schema");
        return;
      }
      walk(type.getContentType(), schema.getItems().getSchema(), path + "[0]", typeArgumentAnnotations(annotated, 0),
          typeArgument(annotated, 0), embedded, visitor);
    } else if (type.isMapLikeType()) {
      if (schema.getAdditionalProperties() == null || schema.getAdditionalProperties().getSchema() == null) {
        visitor.mismatch(path, "a Java map without additionalProperties in the schema");
        return;
      }
      walk(type.getContentType(), schema.getAdditionalProperties().getSchema(), path + ".<key>",
          typeArgumentAnnotations(annotated, 1), typeArgument(annotated, 1), embedded, visitor);
    } else {
      Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
      TreeSet<String> seen = new TreeSet<>();
      for (BeanPropertyDefinition p : properties(type)) {
        seen.add(p.getName());
        String child = path + "." + p.getName();
        JSONSchemaProps ps = properties.get(p.getName());
        if (ps == null) {
          visitor.mismatch(child, "a Java property " + type.getRawClass().getSimpleName() + "." + p.getName()
              + " that the schema does not have");
          continue;
        }
        AnnotatedField field = p.getField();
        List<Annotation> fieldAnnotations = new ArrayList<>();
        AnnotatedType fieldType = null;
        if (field != null) {
          fieldAnnotations.addAll(List.of(field.getAnnotated().getAnnotations()));
          fieldType = field.getAnnotated().getAnnotatedType();
        }
        boolean childEmbedded = embedded || !type.getRawClass().getName().startsWith("dev.regatta.");
        walk(p.getPrimaryType(), ps, child, fieldAnnotations, fieldType, childEmbedded, visitor);
      }
      for (String name : properties.keySet()) {
        if (!seen.contains(name)) {
          visitor.mismatch(path + "." + name, "a schema property that " + type.getRawClass().getSimpleName()
              + " does not have");
        }
      }
    }
  }

  static List<BeanPropertyDefinition> properties(JavaType type) {
    // Deserialization view: the properties a spec can set.
    return MAPPER.getDeserializationConfig().introspect(type).findProperties().stream()
        .filter(p -> p.hasSetter() || p.hasField())
        .filter(p -> !p.getName().equals("additionalProperties"))
        .toList();
  }

  static boolean isScalar(JavaType t) {
    Class<?> c = t.getRawClass();
    return c.isPrimitive() || c == String.class || Number.class.isAssignableFrom(c) || c == Boolean.class
        || c.isEnum() || c == IntOrString.class || c == Quantity.class;
  }

  private static AnnotatedType typeArgument(AnnotatedType annotated, int i) {
    if (annotated instanceof AnnotatedParameterizedType p && p.getAnnotatedActualTypeArguments().length > i) {
      return p.getAnnotatedActualTypeArguments()[i];
    }
    return null;
  }

  private static List<Annotation> typeArgumentAnnotations(AnnotatedType annotated, int i) {
    AnnotatedType arg = typeArgument(annotated, i);
    return arg == null ? List.of() : List.of(arg.getAnnotations());
  }
}
