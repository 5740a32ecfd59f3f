package io.snowgate.lambda.http;

/**
 * The request reached the function with no authenticated principal: no IAM caller, no JWT subject, no Lambda
 * authorizer's principal. Such a request could read any other caller-less request's runs, so it is refused on every
 * route.
 */
final class NoPrincipalException extends RuntimeException {

    static final String CODE = "NO_PRINCIPAL";
    static final int STATUS = 403;

    NoPrincipalException() {
        super("the request carries no authenticated principal: call the API with IAM (SigV4) or through a JWT or "
                + "Lambda authorizer", null, false, false);
    }
}
