package dev.regatta.local.api.patch;

/** A patch that cannot be applied to the object; the API server answers it with 422 Invalid. */
public final class PatchException extends Exception {
  public PatchException(String message) {
    super(message);
  }
}
