// The jsii runtime behind Amazon.CDK.Lib is one Node.js process per test process and is not safe to call from
// several threads at once (parallel test classes deadlock in it), so this assembly's tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
