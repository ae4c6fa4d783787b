CREATE TABLE `people_change_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`requested_by_user_id` integer,
	`changes` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by_user_id` integer,
	`decided_at` integer,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`employee_id`) REFERENCES `people_employees`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by_user_id`) REFERENCES `core_users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `core_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `people_change_requests_status` ON `people_change_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `people_change_requests_employee` ON `people_change_requests` (`employee_id`);--> statement-breakpoint
CREATE TABLE `people_departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`code` text,
	`parent_id` integer,
	`manager_employee_id` integer,
	`sort` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `people_departments`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_departments_code_unique` ON `people_departments` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_departments_sibling_name_unique` ON `people_departments` (`parent_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_departments_root_name_unique` ON `people_departments` (`name`) WHERE "people_departments"."parent_id" IS NULL;--> statement-breakpoint
CREATE INDEX `people_departments_parent` ON `people_departments` (`parent_id`);--> statement-breakpoint
CREATE TABLE `people_employees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_no` text NOT NULL,
	`name` text NOT NULL,
	`gender` text,
	`birth_date` text,
	`id_number_enc` text,
	`id_number_hash` text,
	`id_number_last4` text,
	`mobile` text,
	`email` text,
	`department_id` integer NOT NULL,
	`position_id` integer,
	`manager_id` integer,
	`hire_date` text,
	`first_work_date` text,
	`employment_type` text DEFAULT 'full_time' NOT NULL,
	`status` text DEFAULT 'probation' NOT NULL,
	`termination_date` text,
	`termination_reason` text,
	`contract_start` text,
	`contract_end` text,
	`bank_account_enc` text,
	`bank_account_last4` text,
	`bank_name` text,
	`emergency_contact_name` text,
	`emergency_contact_phone` text,
	`user_id` integer,
	`name_pinyin` text DEFAULT '' NOT NULL,
	`name_initials` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `people_departments`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`position_id`) REFERENCES `people_positions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`manager_id`) REFERENCES `people_employees`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `core_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_employees_no_unique` ON `people_employees` (`employee_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_employees_id_hash_unique` ON `people_employees` (`id_number_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_employees_user_unique` ON `people_employees` (`user_id`);--> statement-breakpoint
CREATE INDEX `people_employees_department` ON `people_employees` (`department_id`);--> statement-breakpoint
CREATE INDEX `people_employees_manager` ON `people_employees` (`manager_id`);--> statement-breakpoint
CREATE INDEX `people_employees_status` ON `people_employees` (`status`);--> statement-breakpoint
CREATE INDEX `people_employees_initials` ON `people_employees` (`name_initials`);--> statement-breakpoint
CREATE INDEX `people_employees_pinyin` ON `people_employees` (`name_pinyin`);--> statement-breakpoint
CREATE TABLE `people_positions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`code` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_positions_name_unique` ON `people_positions` (`name`);