import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A data migration step that has run (src/migrations.ts): `_id` is the step's id. */
const migrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    doneAt: { type: Date, required: true },
  },
  { collection: 'migrations', versionKey: false },
);

export type MigrationDoc = InferSchemaType<typeof migrationSchema>;
export const Migration = mongoose.model('Migration', migrationSchema);
