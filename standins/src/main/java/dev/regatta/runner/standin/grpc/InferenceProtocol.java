package dev.regatta.runner.standin.grpc;

import static dev.regatta.runner.standin.grpc.ProtoFields.field;
import static dev.regatta.runner.standin.grpc.ProtoFields.mapOfStringTo;
import static dev.regatta.runner.standin.grpc.ProtoFields.message;
import static dev.regatta.runner.standin.grpc.ProtoFields.repeated;
import static dev.regatta.runner.standin.grpc.ProtoFields.repeatedMessage;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * The gRPC side of the Open Inference Protocol (KServe's "V2 inference protocol", also spoken by Triton, Seldon
 * MLServer, TorchServe and OpenVINO Model Server): package {@code inference}, service
 * {@code GRPCInferenceService}. The subset a load test calls, with the real package, names and field numbers,
 * so a request written for a real model server (its JSON, a descriptor set made from its .proto) works against
 * the stand-in unchanged: the health calls ServerLive, ServerReady and ModelReady, and ModelInfer with its
 * tensors and parameters. Left out: metadata, the model repository and shared-memory extensions,
 * ModelStreamInfer.
 */
public final class InferenceProtocol {
  public static final String PACKAGE = "inference";
  public static final String SERVICE = PACKAGE + ".GRPCInferenceService";
  public static final FileDescriptor FILE = build();

  private InferenceProtocol() {}

  public static Descriptors.ServiceDescriptor service() {
    return FILE.findServiceByName("GRPCInferenceService");
  }

  public static Descriptors.MethodDescriptor method(String name) {
    return service().findMethodByName(name);
  }

  public static Descriptors.Descriptor type(String name) {
    return FILE.findMessageTypeByName(name);
  }

  private static FileDescriptor build() {
    String p = "." + PACKAGE + ".";
    FileDescriptorProto.Builder f = FileDescriptorProto.newBuilder().setName("grpc_predict_v2.proto")
        .setPackage(PACKAGE).setSyntax("proto3");
    f.addMessageType(DescriptorProto.newBuilder().setName("ServerLiveRequest"));
    f.addMessageType(DescriptorProto.newBuilder().setName("ServerLiveResponse").addField(field("live", 1, Type.TYPE_BOOL)));
    f.addMessageType(DescriptorProto.newBuilder().setName("ServerReadyRequest"));
    f.addMessageType(DescriptorProto.newBuilder().setName("ServerReadyResponse").addField(field("ready", 1, Type.TYPE_BOOL)));
    f.addMessageType(DescriptorProto.newBuilder().setName("ModelReadyRequest")
        .addField(field("name", 1, Type.TYPE_STRING)).addField(field("version", 2, Type.TYPE_STRING)));
    f.addMessageType(DescriptorProto.newBuilder().setName("ModelReadyResponse").addField(field("ready", 1, Type.TYPE_BOOL)));
    // oneof parameter_choice
    f.addMessageType(DescriptorProto.newBuilder().setName("InferParameter")
        .addOneofDecl(OneofDescriptorProto.newBuilder().setName("parameter_choice"))
        .addField(field("bool_param", 1, Type.TYPE_BOOL).setOneofIndex(0))
        .addField(field("int64_param", 2, Type.TYPE_INT64).setOneofIndex(0))
        .addField(field("string_param", 3, Type.TYPE_STRING).setOneofIndex(0))
        .addField(field("double_param", 4, Type.TYPE_DOUBLE).setOneofIndex(0))
        .addField(field("uint64_param", 5, Type.TYPE_UINT64).setOneofIndex(0)));
    f.addMessageType(DescriptorProto.newBuilder().setName("InferTensorContents")
        .addField(repeated("bool_contents", 1, Type.TYPE_BOOL))
        .addField(repeated("int_contents", 2, Type.TYPE_INT32))
        .addField(repeated("int64_contents", 3, Type.TYPE_INT64))
        .addField(repeated("uint_contents", 4, Type.TYPE_UINT32))
        .addField(repeated("uint64_contents", 5, Type.TYPE_UINT64))
        .addField(repeated("fp32_contents", 6, Type.TYPE_FLOAT))
        .addField(repeated("fp64_contents", 7, Type.TYPE_DOUBLE))
        .addField(repeated("bytes_contents", 8, Type.TYPE_BYTES)));

    String req = p + "ModelInferRequest";
    DescriptorProto.Builder input = tensor("InferInputTensor", req + ".InferInputTensor", p);
    DescriptorProto.Builder requested = DescriptorProto.newBuilder().setName("InferRequestedOutputTensor")
        .addField(field("name", 1, Type.TYPE_STRING));
    mapOfStringTo(requested, req + ".InferRequestedOutputTensor", "parameters", 2, p + "InferParameter");
    DescriptorProto.Builder request = DescriptorProto.newBuilder().setName("ModelInferRequest")
        .addField(field("model_name", 1, Type.TYPE_STRING)).addField(field("model_version", 2, Type.TYPE_STRING))
        .addField(field("id", 3, Type.TYPE_STRING));
    mapOfStringTo(request, req, "parameters", 4, p + "InferParameter");
    request.addNestedType(input).addNestedType(requested)
        .addField(repeatedMessage("inputs", 5, req + ".InferInputTensor"))
        .addField(repeatedMessage("outputs", 6, req + ".InferRequestedOutputTensor"))
        .addField(repeated("raw_input_contents", 7, Type.TYPE_BYTES));
    f.addMessageType(request);

    String res = p + "ModelInferResponse";
    DescriptorProto.Builder response = DescriptorProto.newBuilder().setName("ModelInferResponse")
        .addField(field("model_name", 1, Type.TYPE_STRING)).addField(field("model_version", 2, Type.TYPE_STRING))
        .addField(field("id", 3, Type.TYPE_STRING));
    mapOfStringTo(response, res, "parameters", 4, p + "InferParameter");
    response.addNestedType(tensor("InferOutputTensor", res + ".InferOutputTensor", p))
        .addField(repeatedMessage("outputs", 5, res + ".InferOutputTensor"))
        .addField(repeated("raw_output_contents", 6, Type.TYPE_BYTES));
    f.addMessageType(response);

    f.addService(ServiceDescriptorProto.newBuilder().setName("GRPCInferenceService")
        .addMethod(rpc("ServerLive", p + "ServerLiveRequest", p + "ServerLiveResponse"))
        .addMethod(rpc("ServerReady", p + "ServerReadyRequest", p + "ServerReadyResponse"))
        .addMethod(rpc("ModelReady", p + "ModelReadyRequest", p + "ModelReadyResponse"))
        .addMethod(rpc("ModelInfer", req, res)));
    return ProtoFields.build(f.build());
  }

  /** An input or output tensor: name, datatype ("FP32", "INT64", "BYTES", ...), shape, parameters, contents. */
  private static DescriptorProto.Builder tensor(String name, String fullName, String p) {
    DescriptorProto.Builder t = DescriptorProto.newBuilder().setName(name)
        .addField(field("name", 1, Type.TYPE_STRING)).addField(field("datatype", 2, Type.TYPE_STRING))
        .addField(repeated("shape", 3, Type.TYPE_INT64));
    mapOfStringTo(t, fullName, "parameters", 4, p + "InferParameter");
    return t.addField(message("contents", 5, p + "InferTensorContents"));
  }

  private static MethodDescriptorProto.Builder rpc(String name, String in, String out) {
    return MethodDescriptorProto.newBuilder().setName(name).setInputType(in).setOutputType(out);
  }
}
