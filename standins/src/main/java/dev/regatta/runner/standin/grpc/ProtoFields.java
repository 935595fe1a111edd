package dev.regatta.runner.standin.grpc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * The few lines a .proto needs, written as descriptors: what a stand-in or a test serves without protoc.
 * Field numbers are the wire format: keep them as the real .proto has them.
 */
public final class ProtoFields {
  private ProtoFields() {}

  /** {@code type name = number;} (proto3: no presence of its own). */
  public static FieldDescriptorProto.Builder field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(Label.LABEL_OPTIONAL);
  }

  /** {@code repeated type name = number;} */
  public static FieldDescriptorProto.Builder repeated(String name, int number, Type type) {
    return field(name, number, type).setLabel(Label.LABEL_REPEATED);
  }

  /** {@code Message name = number;} with the message's full name, e.g. {@code .inference.InferTensorContents}. */
  public static FieldDescriptorProto.Builder message(String name, int number, String typeName) {
    return field(name, number, Type.TYPE_MESSAGE).setTypeName(typeName);
  }

  /** {@code repeated Message name = number;} */
  public static FieldDescriptorProto.Builder repeatedMessage(String name, int number, String typeName) {
    return message(name, number, typeName).setLabel(Label.LABEL_REPEATED);
  }

  /**
   * {@code map<string, Value> name = number;} in {@code owner} (full name {@code ownerFullName}): protobuf writes
   * a map as a repeated nested entry message, which the JSON mapping reads and writes as an object.
   */
  public static DescriptorProto.Builder mapOfStringTo(DescriptorProto.Builder owner, String ownerFullName, String name,
      int number, String valueTypeName) {
    String entry = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Entry";
    owner.addNestedType(DescriptorProto.newBuilder().setName(entry)
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .addField(field("key", 1, Type.TYPE_STRING)).addField(message("value", 2, valueTypeName)));
    return owner.addField(repeatedMessage(name, number, ownerFullName + "." + entry));
  }

  /** Builds a file whose imports are the given files; a mistake in it is a bug here, so it throws unchecked. */
  public static FileDescriptor build(FileDescriptorProto proto, FileDescriptor... dependencies) {
    try {
      return FileDescriptor.buildFrom(proto, dependencies);
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(proto.getName() + ": " + e.getMessage(), e);
    }
  }
}
