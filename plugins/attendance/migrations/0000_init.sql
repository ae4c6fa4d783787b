CREATE TABLE `attendance_approval_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`step_no` integer NOT NULL,
	`approver_kind` text NOT NULL,
	`approver_employee_id` integer,
	`status` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`decided_by_user_id` integer,
	`decided_by_name` text,
	`on_behalf` integer DEFAULT false NOT NULL,
	`decided_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_approval_steps_subject` ON `attendance_approval_steps` (`subject_type`,`subject_id`,`step_no`);--> statement-breakpoint
CREATE INDEX `attendance_approval_steps_inbox` ON `attendance_approval_steps` (`status`,`approver_employee_id`);--> statement-breakpoint
CREATE INDEX `attendance_approval_steps_decider` ON `attendance_approval_steps` (`decided_by_user_id`,`decided_at`);--> statement-breakpoint
CREATE TABLE `attendance_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`shift_id` integer,
	`rotation_id` integer,
	`anchor_date` text,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`shift_id`) REFERENCES `attendance_shifts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`rotation_id`) REFERENCES `attendance_rotations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `attendance_assignments_target` ON `attendance_assignments` (`target_type`,`target_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `attendance_calendar_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_calendar_days_date_source` ON `attendance_calendar_days` (`date`,`source`);--> statement-breakpoint
CREATE TABLE `attendance_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`date` text NOT NULL,
	`at` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`punch_id` integer,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attendance_corrections_employee` ON `attendance_corrections` (`employee_id`,`date`);--> statement-breakpoint
CREATE TABLE `attendance_daily_results` (
	`employee_id` integer NOT NULL,
	`date` text NOT NULL,
	`day_kind` text NOT NULL,
	`shift_id` integer,
	`status` text NOT NULL,
	`first_in` integer,
	`last_out` integer,
	`worked_minutes` integer DEFAULT 0 NOT NULL,
	`late_minutes` integer DEFAULT 0 NOT NULL,
	`early_minutes` integer DEFAULT 0 NOT NULL,
	`absent_minutes` integer DEFAULT 0 NOT NULL,
	`missing_in` integer DEFAULT false NOT NULL,
	`missing_out` integer DEFAULT false NOT NULL,
	`leave_minutes` integer DEFAULT 0 NOT NULL,
	`leave_type_id` integer,
	`overtime_minutes` integer DEFAULT 0 NOT NULL,
	`overtime_class` text,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`employee_id`, `date`)
);
--> statement-breakpoint
CREATE INDEX `attendance_daily_results_date` ON `attendance_daily_results` (`date`,`status`);--> statement-breakpoint
CREATE TABLE `attendance_holiday_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attendance_leave_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`leave_type_id` integer NOT NULL,
	`kind` text NOT NULL,
	`minutes` integer NOT NULL,
	`date` text NOT NULL,
	`period_key` text,
	`expires_on` text,
	`request_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`leave_type_id`) REFERENCES `attendance_leave_types`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `attendance_leave_ledger_balance` ON `attendance_leave_ledger` (`employee_id`,`leave_type_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_leave_ledger_period` ON `attendance_leave_ledger` (`employee_id`,`leave_type_id`,`kind`,`period_key`);--> statement-breakpoint
CREATE TABLE `attendance_leave_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`leave_type_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`start_half` text DEFAULT 'am' NOT NULL,
	`end_date` text NOT NULL,
	`end_half` text DEFAULT 'pm' NOT NULL,
	`start_time` text,
	`end_time` text,
	`minutes` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`attachment_path` text,
	`attachment_name` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`leave_type_id`) REFERENCES `attendance_leave_types`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `attendance_leave_requests_employee` ON `attendance_leave_requests` (`employee_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `attendance_leave_requests_status` ON `attendance_leave_requests` (`status`);--> statement-breakpoint
CREATE TABLE `attendance_leave_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`paid` integer DEFAULT true NOT NULL,
	`unit` text DEFAULT 'half_day' NOT NULL,
	`accrual` text DEFAULT 'none' NOT NULL,
	`grant_minutes` integer DEFAULT 0 NOT NULL,
	`calendar_days` integer DEFAULT false NOT NULL,
	`max_per_request_minutes` integer DEFAULT 0 NOT NULL,
	`allow_negative` integer DEFAULT false NOT NULL,
	`negative_limit_minutes` integer DEFAULT 0 NOT NULL,
	`carry_forward_cap_minutes` integer DEFAULT 0 NOT NULL,
	`carry_forward_expiry_months` integer DEFAULT 0 NOT NULL,
	`requires_attachment` integer DEFAULT false NOT NULL,
	`gender` text,
	`active` integer DEFAULT true NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_leave_types_code` ON `attendance_leave_types` (`code`);--> statement-breakpoint
CREATE TABLE `attendance_month_locks` (
	`month` text PRIMARY KEY NOT NULL,
	`locked_by_user_id` integer,
	`locked_by_name` text,
	`note` text DEFAULT '' NOT NULL,
	`locked_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attendance_overtime_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`date` text NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`minutes` integer NOT NULL,
	`overtime_class` text NOT NULL,
	`compensation` text DEFAULT 'pay' NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attendance_overtime_requests_employee` ON `attendance_overtime_requests` (`employee_id`,`date`);--> statement-breakpoint
CREATE TABLE `attendance_punches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`at` integer NOT NULL,
	`source` text NOT NULL,
	`external_id` text,
	`latitude` real,
	`longitude` real,
	`ip` text,
	`note` text,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attendance_punches_employee_at` ON `attendance_punches` (`employee_id`,`at`);--> statement-breakpoint
CREATE INDEX `attendance_punches_at` ON `attendance_punches` (`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_punches_source_external` ON `attendance_punches` (`source`,`external_id`);--> statement-breakpoint
CREATE TABLE `attendance_rotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`pattern` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attendance_shifts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'fixed' NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`break_start` text,
	`break_end` text,
	`grace_late_minutes` integer DEFAULT 0 NOT NULL,
	`grace_early_minutes` integer DEFAULT 0 NOT NULL,
	`flex_minutes` integer DEFAULT 0 NOT NULL,
	`required_minutes` integer,
	`window_before_minutes` integer DEFAULT 240 NOT NULL,
	`window_after_minutes` integer DEFAULT 360 NOT NULL,
	`absent_after_minutes` integer DEFAULT 0 NOT NULL,
	`color` text DEFAULT '#2f6fdf' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
