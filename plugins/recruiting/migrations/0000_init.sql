CREATE TABLE `recruiting_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`application_id` integer,
	`kind` text NOT NULL,
	`actor_user_id` integer,
	`data` text NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recruiting_activities_candidate` ON `recruiting_activities` (`candidate_id`,`at`);--> statement-breakpoint
CREATE TABLE `recruiting_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`resume_id` integer,
	`stage` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`reject_reason` text,
	`source` text NOT NULL,
	`score` real,
	`screening` text,
	`screened_at` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`applied_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`moved_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`hired_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recruiting_applications_job_candidate` ON `recruiting_applications` (`job_id`,`candidate_id`);--> statement-breakpoint
CREATE INDEX `recruiting_applications_stage` ON `recruiting_applications` (`job_id`,`stage`);--> statement-breakpoint
CREATE TABLE `recruiting_candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`gender` text,
	`birth_year` integer,
	`mobile_enc` text,
	`mobile_hash` text,
	`mobile_last4` text,
	`email_enc` text,
	`email_hash` text,
	`source` text NOT NULL,
	`source_detail` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`in_pool` integer DEFAULT false NOT NULL,
	`profile` text,
	`corrected` text DEFAULT '[]' NOT NULL,
	`consent_at` integer,
	`consent_version` text,
	`employee_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recruiting_candidates_mobile` ON `recruiting_candidates` (`mobile_hash`);--> statement-breakpoint
CREATE INDEX `recruiting_candidates_email` ON `recruiting_candidates` (`email_hash`);--> statement-breakpoint
CREATE INDEX `recruiting_candidates_pool` ON `recruiting_candidates` (`in_pool`);--> statement-breakpoint
CREATE TABLE `recruiting_intake_keys` (
	`source` text NOT NULL,
	`key` text NOT NULL,
	`candidate_id` integer NOT NULL,
	`application_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recruiting_intake_keys_key` ON `recruiting_intake_keys` (`source`,`key`);--> statement-breakpoint
CREATE TABLE `recruiting_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requisition_id` integer,
	`title` text NOT NULL,
	`department_id` integer,
	`location` text DEFAULT '' NOT NULL,
	`employment_type` text DEFAULT 'full_time' NOT NULL,
	`headcount` integer DEFAULT 1 NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`requirements` text NOT NULL,
	`salary_min` integer,
	`salary_max` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`stages` text NOT NULL,
	`blind` integer DEFAULT false NOT NULL,
	`created_by` integer,
	`opened_at` integer,
	`closed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recruiting_jobs_status` ON `recruiting_jobs` (`status`);--> statement-breakpoint
CREATE TABLE `recruiting_onboarding` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`offer_enc` text NOT NULL,
	`start_date` text NOT NULL,
	`employee_id` integer,
	`checklist` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recruiting_onboarding_application` ON `recruiting_onboarding` (`application_id`);--> statement-breakpoint
CREATE TABLE `recruiting_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`department_id` integer,
	`job_id` integer,
	`target` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recruiting_plans_key` ON `recruiting_plans` (`month`,`department_id`,`job_id`);--> statement-breakpoint
CREATE TABLE `recruiting_requisitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`department_id` integer NOT NULL,
	`title` text NOT NULL,
	`headcount` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`needed_by` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_by` integer NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`decision_comment` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recruiting_requisitions_status` ON `recruiting_requisitions` (`status`);--> statement-breakpoint
CREATE TABLE `recruiting_resumes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`kind` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`stored_path` text NOT NULL,
	`text_enc` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recruiting_resumes_candidate` ON `recruiting_resumes` (`candidate_id`);--> statement-breakpoint
CREATE TABLE `recruiting_screen_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`total` integer NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`started_by` integer,
	`started_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`finished_at` integer
);
