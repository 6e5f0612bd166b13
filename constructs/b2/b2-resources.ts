import { TerraformProvider, TerraformResource } from "cdktf";
import { Construct } from "constructs";

/**
 * Minimal typed resources for the Backblaze B2 provider.
 *
 * Every other provider's bindings are generated into providers/ by cdktf's
 * generator from the real provider binary. The B2 provider cannot be built
 * here: the Go module proxy serves no version of
 * github.com/Backblaze/terraform-provider-b2, so there is no binary to read a
 * schema from. Until there is, these two resources carry only the attributes
 * this library sets, named as the provider documents them; `npm run validate`
 * reports them as not checked. See the README, "Known limitations".
 */

/** Provider version this library is written against. */
export const B2_PROVIDER_SOURCE = "Backblaze/b2";
export const B2_PROVIDER_CONSTRAINT = "~> 0.12";

/** The `b2` provider; credentials come from B2_APPLICATION_KEY_ID and B2_APPLICATION_KEY. */
export class B2Provider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "b2",
      terraformGeneratorMetadata: { providerName: "b2", providerVersionConstraint: B2_PROVIDER_CONSTRAINT },
      terraformProviderSource: B2_PROVIDER_SOURCE,
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }
}

export interface B2BucketResourceConfig {
  readonly bucketName: string;
  readonly bucketType: "allPrivate";
  readonly defaultServerSideEncryption: { readonly mode: "SSE-B2"; readonly algorithm: "AES256" };
  readonly lifecycleRules: ReadonlyArray<{ readonly fileNamePrefix: string; readonly daysFromHidingToDeleting: number }>;
}

/** `b2_bucket`. */
export class B2BucketResource extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly config: B2BucketResourceConfig) {
    super(scope, id, { terraformResourceType: "b2_bucket", terraformGeneratorMetadata: { providerName: "b2" } });
  }

  /** The bucket's ID. */
  public get bucketId(): string {
    return this.getStringAttribute("bucket_id");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      bucket_name: this.config.bucketName,
      bucket_type: this.config.bucketType,
      default_server_side_encryption: [this.config.defaultServerSideEncryption],
      lifecycle_rules: this.config.lifecycleRules.map((r) => ({
        file_name_prefix: r.fileNamePrefix,
        days_from_hiding_to_deleting: r.daysFromHidingToDeleting,
      })),
    };
  }
}

export interface B2ApplicationKeyResourceConfig {
  readonly keyName: string;
  readonly capabilities: readonly string[];
  readonly bucketIds: readonly string[];
}

/** `b2_application_key`. */
export class B2ApplicationKeyResource extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly config: B2ApplicationKeyResourceConfig) {
    super(scope, id, { terraformResourceType: "b2_application_key", terraformGeneratorMetadata: { providerName: "b2" } });
  }

  /** The key's ID. */
  public get applicationKeyId(): string {
    return this.getStringAttribute("application_key_id");
  }

  /** The secret key (sensitive). */
  public get applicationKey(): string {
    return this.getStringAttribute("application_key");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { key_name: this.config.keyName, capabilities: [...this.config.capabilities], bucket_ids: [...this.config.bucketIds] };
  }
}
