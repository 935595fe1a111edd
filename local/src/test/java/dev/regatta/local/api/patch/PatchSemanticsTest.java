package dev.regatta.local.api.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The three patch types with the API server's list semantics, on the objects kubectl and the operator patch. */
class PatchSemanticsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String POD = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a/one","a/two"],"labels":{"x":"1"}},
       "spec":{"containers":[
         {"name":"runner","image":"r:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
          "ports":[{"containerPort":80,"name":"http"}]},
         {"name":"helper","image":"h:1"}],
        "tolerations":[{"key":"k1"},{"key":"k2"}]}}""";

  @Test
  void mergePatchReplacesListsWholesaleAndNullDeletes() throws Exception {
    JsonNode out = MergePatch.apply(json(POD), json("""
        {"metadata":{"finalizers":["a/three"],"labels":{"x":null,"y":"2"}},
         "spec":{"containers":[{"name":"only"}]}}"""));
    assertEquals(json("[\"a/three\"]"), out.at("/metadata/finalizers"));
    assertEquals(json("{\"y\":\"2\"}"), out.at("/metadata/labels"));
    assertEquals(json("[{\"name\":\"only\"}]"), out.at("/spec/containers"));
    assertEquals(2, out.at("/spec/tolerations").size(), "untouched fields stay");
  }

  @Test
  void mergePatchWithANonObjectReplacesTheTarget() {
    assertEquals(json("[1]"), MergePatch.apply(json("{\"a\":1}"), json("[1]")));
  }

  @Test
  void strategicMergeMergesContainersAndEnvByNameAndKeepsTheRest() throws Exception {
    JsonNode out = StrategicMergePatch.apply(json(POD), json("""
        {"spec":{"containers":[{"name":"runner","image":"r:2","env":[{"name":"B","value":"20"},{"name":"C","value":"3"}]}]}}"""),
        "Pod");
    JsonNode containers = out.at("/spec/containers");
    assertEquals(2, containers.size(), "helper kept: " + containers);
    assertEquals("r:2", containers.get(0).path("image").asText());
    assertEquals(json("""
        [{"name":"A","value":"1"},{"name":"B","value":"20"},{"name":"C","value":"3"}]"""), containers.get(0).path("env"));
    assertEquals("h:1", containers.get(1).path("image").asText());
  }

  @Test
  void strategicMergeReplacesListsWithoutAMergeKeyAndUnitesFinalizers() throws Exception {
    JsonNode out = StrategicMergePatch.apply(json(POD), json("""
        {"metadata":{"finalizers":["a/two","a/three"]},"spec":{"tolerations":[{"key":"k3"}]}}"""), "Pod");
    assertEquals(json("[\"a/one\",\"a/two\",\"a/three\"]"), out.at("/metadata/finalizers"));
    assertEquals(json("[{\"key\":\"k3\"}]"), out.at("/spec/tolerations"));
  }

  @Test
  void strategicMergeDirectivesDeleteReplaceAndPrimitiveDeletion() throws Exception {
    JsonNode out = StrategicMergePatch.apply(json(POD), json("""
        {"metadata":{"$deleteFromPrimitiveList/finalizers":["a/one"]},
         "spec":{"containers":[{"name":"helper","$patch":"delete"},
                               {"name":"runner","env":[{"$patch":"replace"},{"name":"Z","value":"9"}]}]}}"""), "Pod");
    assertEquals(json("[\"a/two\"]"), out.at("/metadata/finalizers"));
    assertEquals(1, out.at("/spec/containers").size());
    assertEquals(json("[{\"name\":\"Z\",\"value\":\"9\"}]"), out.at("/spec/containers/0/env"));
    JsonNode replaced = StrategicMergePatch.apply(json(POD), json("{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"z\":\"9\"}}}"), "Pod");
    assertEquals(json("{\"z\":\"9\"}"), replaced.at("/metadata/labels"));
  }

  @Test
  void strategicMergeFollowsSetElementOrderAndRetainKeys() throws Exception {
    JsonNode out = StrategicMergePatch.apply(json(POD), json("""
        {"spec":{"$setElementOrder/containers":[{"name":"helper"},{"name":"runner"}],
                 "containers":[{"name":"runner","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}"""), "Pod");
    assertEquals("helper", out.at("/spec/containers/0/name").asText());
    assertEquals(json("[{\"containerPort\":80,\"name\":\"http\",\"protocol\":\"TCP\"}]"), out.at("/spec/containers/1/ports"),
        "ports merge by containerPort");
    JsonNode kept = StrategicMergePatch.apply(json("{\"spec\":{\"strategy\":{\"type\":\"A\",\"rollingUpdate\":{\"x\":1}}}}"),
        json("{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}"), "Deployment");
    assertEquals(json("{\"type\":\"Recreate\"}"), kept.at("/spec/strategy"));
  }

  @Test
  void strategicMergeRefusesAnElementWithoutItsMergeKeyAndUnknownDirectives() {
    PatchException noKey = assertThrows(PatchException.class, () -> StrategicMergePatch.apply(json(POD),
        json("{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}"), "Pod"));
    assertTrue(noKey.getMessage().contains("does not contain declared merge key: name"), noKey.getMessage());
    assertThrows(PatchException.class, () -> StrategicMergePatch.apply(json(POD),
        json("{\"metadata\":{\"$patch\":\"explode\"}}"), "Pod"));
    assertThrows(PatchException.class, () -> StrategicMergePatch.apply(json(POD), json("[]"), "Pod"));
  }

  @Test
  void jsonPatchAppliesOperationsAndRefusesAPathThatIsNotThere() throws Exception {
    JsonNode out = JsonPatch.apply(json(POD), json("""
        [{"op":"replace","path":"/spec/containers/0/image","value":"r:3"},
         {"op":"add","path":"/metadata/finalizers/-","value":"a/three"},
         {"op":"remove","path":"/spec/containers/1"}]"""));
    assertEquals("r:3", out.at("/spec/containers/0/image").asText());
    assertEquals(3, out.at("/metadata/finalizers").size());
    assertEquals(1, out.at("/spec/containers").size());
    assertThrows(PatchException.class, () -> JsonPatch.apply(json(POD),
        json("[{\"op\":\"remove\",\"path\":\"/metadata/annotations/nope\"}]")));
    assertThrows(PatchException.class, () -> JsonPatch.apply(json(POD),
        json("[{\"op\":\"remove\",\"path\":\"/metadata/labels/nope\"}]")), "a missing key in an existing map");
    assertThrows(PatchException.class, () -> JsonPatch.apply(json(POD),
        json("[{\"op\":\"replace\",\"path\":\"/spec/containers/2\",\"value\":{}}]")), "index past the end");
    assertThrows(PatchException.class, () -> JsonPatch.apply(json(POD),
        json("[{\"op\":\"add\",\"path\":\"/spec/containers/-1\",\"value\":{}}]")));
    assertThrows(PatchException.class, () -> JsonPatch.apply(json(POD), json("{\"op\":\"add\"}")));
    assertThrows(PatchException.class, () -> JsonPatch.apply(json(POD),
        json("[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]")));
  }

  @Test
  void jsonPatchMovesCopiesReplacesTheRootAndEscapesPointers() throws Exception {
    JsonNode out = JsonPatch.apply(json("{\"a/b\":{\"~c\":1},\"l\":[1,2]}"), json("""
        [{"op":"copy","from":"/a~1b/~0c","path":"/l/0"},
         {"op":"move","from":"/l/2","path":"/m"},
         {"op":"test","path":"/l","value":[1,1]}]"""));
    assertEquals(json("{\"a/b\":{\"~c\":1},\"l\":[1,1],\"m\":2}"), out);
    assertEquals(json("{\"new\":true}"), JsonPatch.apply(json("{}"), json("[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"new\":true}}]")));
    PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(json("{\"a\":{}}"),
        json("[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/b\"}]")));
    assertTrue(e.getMessage().contains("into itself"), e.getMessage());
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
