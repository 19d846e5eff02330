import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The project map as the last project sync stored it: which project lists which resources, one
 * small document per provider. Every kind kept in projects looks it up on each sync; reading it by
 * `_id` costs one document, where gathering the project resources from the resources collection
 * costs a scan of every stored resource on servers that do not use its indexes (FerretDB).
 */
const projectMapSchema = new Schema(
  {
    /** The provider: "digitalocean". */
    _id: { type: String, required: true },
    projects: {
      type: [
        new Schema(
          {
            providerId: { type: String, required: true },
            isDefault: { type: Boolean, default: false },
            /** The URNs the project lists; empty for the default project, whose members are whatever no other project lists. */
            resourceUrns: { type: [String], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** The project sync that wrote it. */
    syncRunId: { type: String, required: true },
    /**
     * Counts up on every publish: a kind that applied the map re-reads it after writing, and applies
     * it again when it changed meanwhile (see src/sync/project-membership.ts).
     */
    version: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'project_maps', versionKey: false },
);

export type ProjectMapDoc = InferSchemaType<typeof projectMapSchema>;
export const ProjectMap = mongoose.model('ProjectMap', projectMapSchema);
