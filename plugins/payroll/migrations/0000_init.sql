CREATE TABLE `payroll_additional_deductions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`effective_from` text NOT NULL,
	`data_enc` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_additional_deductions_employee_from` ON `payroll_additional_deductions` (`employee_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `payroll_adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`data_enc` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `payroll_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `payroll_adjustments_run` ON `payroll_adjustments` (`run_id`,`employee_id`);--> statement-breakpoint
CREATE TABLE `payroll_bank_accounts` (
	`employee_id` integer PRIMARY KEY NOT NULL,
	`bank_name` text NOT NULL,
	`account_enc` text NOT NULL,
	`account_last4` text NOT NULL,
	`account_name` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payroll_city_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`city_code` text NOT NULL,
	`city_name` text NOT NULL,
	`effective_from` text NOT NULL,
	`rules` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_city_policies_city_from` ON `payroll_city_policies` (`city_code`,`effective_from`);--> statement-breakpoint
CREATE TABLE `payroll_components` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`kind` text NOT NULL,
	`formula` text NOT NULL,
	`taxable` integer DEFAULT true NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_components_code` ON `payroll_components` (`code`);--> statement-breakpoint
CREATE TABLE `payroll_opening_balances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`year` integer NOT NULL,
	`through_month` integer NOT NULL,
	`data_enc` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	CONSTRAINT "payroll_opening_balances_through_month" CHECK("payroll_opening_balances"."through_month" between 1 and 12)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_opening_balances_employee_year` ON `payroll_opening_balances` (`employee_id`,`year`);--> statement-breakpoint
CREATE TABLE `payroll_payslips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`month` text NOT NULL,
	`data_enc` text NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`published_at` integer,
	`confirmed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `payroll_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_payslips_run_employee` ON `payroll_payslips` (`run_id`,`employee_id`);--> statement-breakpoint
CREATE INDEX `payroll_payslips_employee` ON `payroll_payslips` (`employee_id`,`month`);--> statement-breakpoint
CREATE TABLE `payroll_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`kind` text DEFAULT 'regular' NOT NULL,
	`corrects_run_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`progress_total` integer DEFAULT 0 NOT NULL,
	`error` text,
	`totals` text,
	`employee_count` integer DEFAULT 0 NOT NULL,
	`anomaly_count` integer DEFAULT 0 NOT NULL,
	`created_by_user_id` integer,
	`calculated_at` integer,
	`approved_by_user_id` integer,
	`approved_at` integer,
	`locked_by_user_id` integer,
	`locked_at` integer,
	`published_by_user_id` integer,
	`published_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payroll_runs_month` ON `payroll_runs` (`month`,`kind`);--> statement-breakpoint
CREATE TABLE `payroll_salary_profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`effective_from` text NOT NULL,
	`structure_id` integer,
	`city_code` text,
	`data_enc` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`structure_id`) REFERENCES `payroll_structures`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_salary_profiles_employee_from` ON `payroll_salary_profiles` (`employee_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `payroll_structures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`component_ids` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
